import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GraphQLEnumType } from 'graphql';
import {
  CODE_MESSAGES,
  CUSTOMER_ERROR_CODES,
  ERROR_CODES,
  ERROR_FIELDS,
  FIELD_MESSAGES,
  LOCALES,
  MERCHANT_ONLY_CODES,
} from '../../../common/error-codes.ts';
import { buildSchema } from '../../../server/graphql/schema.ts';
import { RETURN_CODES } from '../../../server/umf/return-codes.ts';

const schema = buildSchema();

function enumValues(name: string): string[] {
  const type = schema.getType(name);
  assert.ok(type instanceof GraphQLEnumType, `${name} is an enum of the schema`);
  return type.getValues().map((value) => value.name);
}

const HAN = /\p{Script=Han}/u;

describe('the public error codes agree everywhere', () => {
  test('every ErrorCode of the GraphQL schema is one of common/ and has a text in both languages', () => {
    const codes = enumValues('ErrorCode');
    assert.deepEqual([...codes].sort(), [...ERROR_CODES].sort());
    for (const code of codes) {
      const messages = CODE_MESSAGES[code as keyof typeof CODE_MESSAGES];
      assert.ok(messages, `${code} has messages`);
      for (const locale of LOCALES) assert.ok(messages[locale]?.trim(), `${code} in ${locale}`);
      assert.match(messages['zh-CN'], HAN, `${code}'s zh-CN text is Chinese`);
      assert.doesNotMatch(messages.en, HAN, `${code}'s en text is English`);
    }
  });

  test('every ErrorField of the schema has the field message in both languages', () => {
    const fields = enumValues('ErrorField');
    assert.deepEqual([...fields].sort(), [...ERROR_FIELDS].sort());
    for (const field of fields) {
      const messages = FIELD_MESSAGES[field as keyof typeof FIELD_MESSAGES];
      for (const locale of LOCALES) assert.ok(messages?.[locale]?.trim(), `${field} in ${locale}`);
    }
  });

  test("the widget's codes and the merchant-only codes make up the whole list", () => {
    assert.deepEqual(
      [...CUSTOMER_ERROR_CODES, ...MERCHANT_ONLY_CODES].sort(),
      [...ERROR_CODES].sort(),
    );
    for (const code of MERCHANT_ONLY_CODES)
      assert.ok(!CUSTOMER_ERROR_CODES.includes(code as never));
  });

  test('every UMF return code maps onto a public code (or OK for success)', () => {
    const known = new Set<string>([...ERROR_CODES, 'OK']);
    for (const entry of RETURN_CODES) assert.ok(known.has(entry.code), entry.umfCode);
  });
});
