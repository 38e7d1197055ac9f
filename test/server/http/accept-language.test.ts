import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Locale } from '../../../common/error-codes.ts';
import { parseLocale } from '../../../server/http/accept-language.ts';

describe('parseLocale', () => {
  const cases: Array<[string | null | undefined, Locale]> = [
    [undefined, 'zh-CN'],
    [null, 'zh-CN'],
    ['', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['ZH', 'zh-CN'],
    ['zh_CN', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['zh-Hant-HK', 'zh-CN'],
    ['en', 'en'],
    ['EN', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['en-GB;q=0.8, zh-CN;q=0.9', 'zh-CN'],
    ['zh-CN;q=0.5, en;q=0.6', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['fr-FR, fr;q=0.9, en;q=0.5', 'en'],
    ['fr-FR, de;q=0.9', 'zh-CN'],
    ['ja, zh-TW;q=0.7, en;q=0.3', 'zh-CN'],
    ['en;q=0, zh;q=0.1', 'zh-CN'],
    ['zh;q=0, en;q=0.1', 'en'],
    ['zh;q=0', 'en'],
    ['zh;q=0, fr', 'en'],
    ['*', 'zh-CN'],
    ['fr, *;q=0.5', 'zh-CN'],
    ['zh;q=0, *', 'en'],
    ['en;q=abc, zh;q=0.2', 'zh-CN'],
    ['en;q=2', 'zh-CN'],
    ['en ; q = 0.7 , zh ; q = 0.6', 'en'],
    ['   ,,;;, en', 'en'],
    ['not a tag!!, en-AU', 'en'],
  ];
  for (const [header, locale] of cases) {
    test(`${JSON.stringify(header)} → ${locale}`, () => assert.equal(parseLocale(header), locale));
  }

  test('keeps header order among equal weights', () => {
    assert.equal(parseLocale('en;q=0.8, zh;q=0.8'), 'en');
    assert.equal(parseLocale('zh;q=0.8, en;q=0.8'), 'zh-CN');
  });
});
