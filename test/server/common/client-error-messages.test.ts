// One owner per error text: the widget shows the server's localised `message` and words only
// the codes it sets itself, from common/client-error-messages.ts, which the server's table
// spreads in. These tests fail when the two lists drift apart or a text is written twice.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CLIENT_CODE_MESSAGES } from '../../../common/client-error-messages.ts';
import { CODE_MESSAGES, CUSTOMER_ERROR_CODES, LOCALES } from '../../../common/error-codes.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const HAN = /\p{Script=Han}/u;

describe('client-side error texts', () => {
  test('every code the widget words itself is a customer code of the server, worded the same in both languages', () => {
    const codes = Object.keys(CLIENT_CODE_MESSAGES) as (keyof typeof CLIENT_CODE_MESSAGES)[];
    assert.ok(codes.length > 0);
    for (const code of codes) {
      assert.ok(CUSTOMER_ERROR_CODES.includes(code), `${code} is a code the server answers`);
      for (const locale of LOCALES) {
        const text = CLIENT_CODE_MESSAGES[code][locale];
        assert.ok(text.trim(), `${code} in ${locale}`);
        assert.equal(CODE_MESSAGES[code][locale], text, `${code} in ${locale}: one wording`);
      }
      assert.match(CLIENT_CODE_MESSAGES[code]['zh-CN'], HAN);
      assert.doesNotMatch(CLIENT_CODE_MESSAGES[code].en, HAN);
    }
  });

  test("no error code's text is written again in the widget's sources", () => {
    const texts = Object.values(CODE_MESSAGES).flatMap((messages) =>
      LOCALES.map((locale) => messages[locale]),
    );
    const files = sources(join(ROOT, 'widget'));
    assert.ok(files.some((file) => file.endsWith('umf-checkout.ts')));
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      for (const text of texts)
        assert.ok(!source.includes(text), `${relative(ROOT, file)} repeats “${text}”`);
    }
  });
});
