import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CODE_MESSAGES,
  ERROR_CODES,
  ERROR_FIELDS,
  FIELD_MESSAGES,
  LOCALES,
  type Locale,
  messageFor,
} from '../../../common/error-codes.ts';
import {
  describeReturnCode,
  RETURN_CODES,
  returnCodeEntry,
} from '../../../server/umf/return-codes.ts';

// Copied from docs/umf-protocol.md §9, in its order; 00060700 appears twice there.
// biome-ignore format: kept in the spec's layout
const SPEC_CODES = [
  '0000', '00060999', '00280703',
  '00060700', '00200025', '00200026', '00080706', '00060875', '00080707', '00200027', '00060869',
  '00060700', '00060710', '00060711', '00060720', '00060721', '00060722', '00060723', '00060724',
  '00060730', '00060740', '00060750', '00060751', '00060760', '00060761', '00060762', '00060763',
  '00060764', '00060765', '00060766', '00060767', '00060768', '00060769', '00060770', '00060022',
  '00060076', '00060101', '00060100', '00060105', '00060114', '00060310', '00060314', '00060315',
  '00281017', '00200005', '00200086', '00290502', '00202009', '00202010', '00202011', '00202001',
  '00202003', '00202012', '00202013', '00202014', '00202015', '00202016',
] as const;

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;

function allMessages(): Array<{ where: string; locale: Locale; text: string }> {
  const out: Array<{ where: string; locale: Locale; text: string }> = [];
  for (const locale of LOCALES) {
    for (const entry of RETURN_CODES)
      out.push({ where: entry.umfCode, locale, text: entry.messages[locale] });
    for (const code of ERROR_CODES)
      out.push({ where: code, locale, text: CODE_MESSAGES[code][locale] });
    for (const field of ERROR_FIELDS)
      out.push({ where: `VALIDATION.${field}`, locale, text: FIELD_MESSAGES[field][locale] });
  }
  return out;
}

describe('the return code table', () => {
  test('has an entry for every code in docs/umf-protocol.md §9', () => {
    const missing = SPEC_CODES.filter((code) => returnCodeEntry(code) === undefined);
    assert.deepEqual(missing, []);
  });

  test('has no code that is not in §9, and none twice', () => {
    const table = RETURN_CODES.map((entry) => entry.umfCode);
    assert.equal(new Set(table).size, table.length);
    assert.deepEqual([...table].sort(), [...new Set(SPEC_CODES)].sort());
  });

  test('lists the customs codes 00202012 to 00202016 one by one', () => {
    for (const code of ['00202012', '00202013', '00202014', '00202015', '00202016']) {
      const entry = returnCodeEntry(code);
      assert.equal(entry?.code, 'CUSTOMS_REJECTED', code);
      assert.match(entry.messages.en, new RegExp(code));
    }
  });

  test('maps every code to one of our codes, and only 0000 to OK', () => {
    for (const entry of RETURN_CODES) {
      if (entry.umfCode === '0000') assert.equal(entry.code, 'OK');
      else assert.ok((ERROR_CODES as readonly string[]).includes(entry.code), entry.umfCode);
    }
  });

  test('points only at known fields', () => {
    for (const entry of RETURN_CODES) {
      if (entry.field !== undefined) assert.ok(ERROR_FIELDS.includes(entry.field), entry.umfCode);
    }
  });

  test('keeps merchant-side faults away from the customer and not retryable by them', () => {
    for (const code of ['00060710', '00060711', '00060869', '00060114', '00280703']) {
      assert.equal(returnCodeEntry(code)?.audience, 'merchant', code);
    }
    for (const code of ['00060710', '00060711', '00060869', '00060114']) {
      assert.equal(returnCodeEntry(code)?.retryable, false, code);
    }
  });

  // The pairs a merchant frontend relies on most; a change here is a contract change.
  const expected: Array<[string, string, string | undefined, boolean]> = [
    ['00200005', 'INVALID_SMS_CODE', 'smsCode', true],
    ['00080706', 'SMS_THROTTLED', 'smsCode', true],
    ['00200086', 'SMS_THROTTLED', 'smsCode', true],
    ['00080707', 'SMS_LIMIT_REACHED', 'smsCode', false],
    ['00060730', 'INSUFFICIENT_FUNDS', undefined, true],
    ['00200025', 'CARD_REJECTED', undefined, true],
    ['00200026', 'CARD_EXPIRED', 'expiry', true],
    ['00200027', 'BANK_NOT_SUPPORTED', 'bank', true],
    ['00060875', 'CARD_NUMBER_INVALID', 'cardNumber', true],
    ['00060022', 'ID_NUMBER_INVALID', 'idNumber', true],
    ['00060720', 'PHONE_INVALID', 'phone', true],
    ['00290502', 'NAME_OR_ID_MISMATCH', undefined, true],
    ['00060765', 'PAYMENT_FAILED', undefined, true],
    ['00060761', 'PAYMENT_IN_PROCESS', undefined, false],
    ['00060751', 'PAYMENT_EXPIRED', undefined, false],
    ['00060763', 'CHECKOUT_CLOSED', undefined, false],
    ['00060999', 'UPSTREAM_UNAVAILABLE', undefined, true],
    ['00281017', 'CURRENCY_NOT_SUPPORTED', 'currency', false],
    ['00202011', 'REFUND_CURRENCY_MISMATCH', 'currency', true],
  ];
  for (const [umfCode, code, field, retryable] of expected) {
    test(`maps ${umfCode} to ${code}`, () => {
      const entry = returnCodeEntry(umfCode);
      assert.deepEqual([entry?.code, entry?.field, entry?.retryable], [code, field, retryable]);
    });
  }
});

describe('messages', () => {
  test('every table entry, code and field has a message in both locales', () => {
    const empty = allMessages().filter(({ text }) => text.trim() === '');
    assert.deepEqual(empty, []);
  });

  test('zh-CN messages are written in Chinese', () => {
    const notChinese = allMessages().filter((m) => m.locale === 'zh-CN' && !CJK.test(m.text));
    assert.deepEqual(notChinese, []);
  });

  test('en messages contain no Chinese characters', () => {
    const chinese = allMessages().filter((m) => m.locale === 'en' && CJK.test(m.text));
    assert.deepEqual(chinese, []);
  });

  test('every ErrorCode has a message for every locale from messageFor', () => {
    for (const code of ERROR_CODES) {
      for (const locale of LOCALES) assert.ok(messageFor(code, locale).length > 0, code);
    }
  });

  test('messageFor names the field for VALIDATION', () => {
    assert.equal(messageFor('VALIDATION', 'zh-CN', 'smsCode'), '请输入6位短信验证码');
    assert.equal(
      messageFor('VALIDATION', 'en', 'phone'),
      'Please enter a valid 11-digit mobile number.',
    );
    assert.equal(messageFor('VALIDATION', 'en'), CODE_MESSAGES.VALIDATION.en);
  });

  test('messageFor ignores a field for codes other than VALIDATION', () => {
    assert.equal(messageFor('INVALID_SMS_CODE', 'zh-CN', 'smsCode'), '短信验证码错误，请重新输入');
  });
});

describe('describeReturnCode', () => {
  test('describes a wrong SMS code for the customer in Chinese', () => {
    assert.deepEqual(describeReturnCode('00200005', 'zh-CN'), {
      umfCode: '00200005',
      code: 'INVALID_SMS_CODE',
      field: 'smsCode',
      retryable: true,
      audience: 'customer',
      message: '短信验证码错误或已失效，请重新输入',
      customerMessage: '短信验证码错误或已失效，请重新输入',
      known: true,
    });
  });

  test('has no field key when no single input is at fault', () => {
    assert.equal('field' in describeReturnCode('00060730', 'en'), false);
  });

  test('gives the customer a generic message for a merchant signature error', () => {
    const description = describeReturnCode('00060710', 'en');
    assert.equal(description.code, 'MERCHANT_CONFIGURATION');
    assert.equal(description.audience, 'merchant');
    assert.match(description.message, /signature/);
    assert.doesNotMatch(description.customerMessage, /signature|key/i);
    assert.equal(description.customerMessage, messageFor('MERCHANT_CONFIGURATION', 'en'));
  });

  test('describes 0000 as OK', () => {
    const description = describeReturnCode('0000', 'en');
    assert.equal(description.code, 'OK');
    assert.equal(description.known, true);
  });

  test('describes an unknown code as a retryable payment failure, keeping the code', () => {
    const description = describeReturnCode('00999999', 'zh-CN');
    assert.equal(description.code, 'PAYMENT_FAILED');
    assert.equal(description.umfCode, '00999999');
    assert.equal(description.retryable, true);
    assert.equal(description.known, false);
    assert.equal(description.audience, 'merchant');
    assert.match(description.message, /00999999/);
    assert.equal(description.customerMessage, messageFor('PAYMENT_FAILED', 'zh-CN'));
  });

  test('does not echo a malformed code into the message', () => {
    const description = describeReturnCode('<script>alert(1)</script>', 'en');
    assert.equal(description.umfCode, '<script>alert(1)</script>');
    assert.doesNotMatch(description.message, /script/);
  });

  test('tolerates surrounding whitespace in a code', () => {
    assert.equal(describeReturnCode(' 00200005 ', 'en').code, 'INVALID_SMS_CODE');
  });
});
