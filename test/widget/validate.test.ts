import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatCardNumber,
  isCardNumberPrefix,
  luhnValid,
  residentIdCheckChar,
  validateCardNumber,
  validateCvv2,
  validateExpiry,
  validateHolderName,
  validatePhone,
  validateResidentId,
  validateSmsCode,
} from '../../widget/validate.ts';

const today = new Date(Date.UTC(2026, 10, 25));

describe('card number', () => {
  const cases: [string, ReturnType<typeof validateCardNumber>][] = [
    ['6222020000070000', null],
    ['6222 0200 0007 0000', null],
    ['6258070000090000', null],
    ['4111111111111111', null],
    ['6222020000070001', 'checksum'],
    ['', 'required'],
    ['62220200a0070000', 'format'],
    ['12345678903', 'length'],
    ['62220200000700000000', 'length'],
  ];
  for (const [input, expected] of cases) {
    test(`"${input}" → ${expected}`, () => assert.equal(validateCardNumber(input), expected));
  }
  test('every sandbox test card passes Luhn', () => {
    for (const n of [
      '6222020000070000',
      '6222020000050002',
      '6222020000080025',
      '6222020000070026',
      '6222020000060027',
      '6222020000090065',
    ]) {
      assert.ok(luhnValid(n), n);
    }
  });
  test('a partly typed number is still a valid prefix', () => {
    assert.ok(isCardNumberPrefix('6222 02'));
    assert.ok(!isCardNumberPrefix('6222x'));
  });
  test('formats in groups of four and drops non-digits', () => {
    assert.equal(formatCardNumber('6222020000070000'), '6222 0200 0007 0000');
    assert.equal(formatCardNumber('62-22 02'), '6222 02');
    assert.equal(formatCardNumber('6222020000070000123'), '6222 0200 0007 0000 123');
  });
});

describe('resident ID (GB 11643)', () => {
  const cases: [string, ReturnType<typeof validateResidentId>][] = [
    ['11010519491231002X', null],
    ['11010519491231002x', null],
    ['110105194912310021', 'checksum'],
    ['110105194913310028', 'birthDate'],
    ['110105203012310028', 'birthDate'],
    ['11010519490230002X', 'birthDate'],
    ['1101051949123100', 'length'],
    ['11010519491231002Y', 'format'],
    ['', 'required'],
  ];
  for (const [input, expected] of cases) {
    test(`"${input}" → ${expected}`, () =>
      assert.equal(validateResidentId(input, today), expected));
  }
  test('computes the MOD 11-2 check character', () => {
    assert.equal(residentIdCheckChar('11010519491231002'), 'X');
  });
});

describe('phone, expiry, CVV2, SMS code, holder name', () => {
  test('phone: 11 digits starting with 1', () => {
    assert.equal(validatePhone('13800138000'), null);
    assert.equal(validatePhone('+86 138 0013 8000'), null);
    assert.equal(validatePhone('1380013800'), 'length');
    assert.equal(validatePhone('23800138000'), 'format');
    assert.equal(validatePhone(''), 'required');
  });
  test('expiry: MM/YY, valid through its month', () => {
    assert.equal(validateExpiry('11/26', today), null);
    assert.equal(validateExpiry('1230', today), null);
    assert.equal(validateExpiry('10/26', today), 'expired');
    assert.equal(validateExpiry('13/27', today), 'month');
    assert.equal(validateExpiry('1/27', today), 'format');
    assert.equal(validateExpiry('', today), 'required');
  });
  test('CVV2: three digits', () => {
    assert.equal(validateCvv2('123'), null);
    assert.equal(validateCvv2('12'), 'format');
    assert.equal(validateCvv2('1234'), 'format');
  });
  test('SMS code: six digits', () => {
    assert.equal(validateSmsCode('123456'), null);
    assert.equal(validateSmsCode(' 123456 '), null);
    assert.equal(validateSmsCode('12345'), 'format');
    assert.equal(validateSmsCode(''), 'required');
  });
  test('holder name: Chinese or Latin, 2–40 characters', () => {
    assert.equal(validateHolderName('张三'), null);
    assert.equal(validateHolderName('Zhang San'), null);
    assert.equal(validateHolderName('阿依古丽·买买提'), null);
    assert.equal(validateHolderName('张'), 'length');
    assert.equal(validateHolderName('<script>'), 'format');
  });
});
