/// <reference types="mocha" />
// Customer-data validation (common/validate.ts) as it runs for the customer: in Chromium.
import { expect } from '@open-wc/testing';
import {
  expiryToValidDate,
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
} from '../../common/validate.ts';
import { CARDS } from './support/bff.ts';

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
    it(`"${input}" → ${expected}`, () => expect(validateCardNumber(input)).to.equal(expected));
  }
  it('every sandbox test card passes Luhn', () => {
    for (const n of Object.values(CARDS)) expect(luhnValid(n), n).to.equal(true);
  });
  it('a partly typed number is still a valid prefix', () => {
    expect(isCardNumberPrefix('6222 02')).to.equal(true);
    expect(isCardNumberPrefix('6222x')).to.equal(false);
  });
  it('formats in groups of four and drops non-digits', () => {
    expect(formatCardNumber('6222020000070000')).to.equal('6222 0200 0007 0000');
    expect(formatCardNumber('62-22 02')).to.equal('6222 02');
    expect(formatCardNumber('6222020000070000123')).to.equal('6222 0200 0007 0000 123');
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
    it(`"${input}" → ${expected}`, () =>
      expect(validateResidentId(input, today)).to.equal(expected));
  }
  it('computes the MOD 11-2 check character', () => {
    expect(residentIdCheckChar('11010519491231002')).to.equal('X');
  });
});

describe('phone', () => {
  const cases: [string, ReturnType<typeof validatePhone>][] = [
    ['13800138000', null],
    ['+86 138 0013 8000', null],
    ['1380013800', 'length'],
    ['23800138000', 'format'],
    ['', 'required'],
  ];
  for (const [input, expected] of cases) {
    it(`"${input}" → ${expected}`, () => expect(validatePhone(input)).to.equal(expected));
  }
});

describe('expiry (MM/YY, valid through its month)', () => {
  const cases: [string, ReturnType<typeof validateExpiry>][] = [
    ['11/26', null],
    ['1230', null],
    ['10/26', 'expired'],
    ['13/27', 'month'],
    ['1/27', 'format'],
    ['', 'required'],
  ];
  for (const [input, expected] of cases) {
    it(`"${input}" → ${expected}`, () => expect(validateExpiry(input, today)).to.equal(expected));
  }
});

describe('expiry as UMF receives it', () => {
  it('the customer types MM/YY; valid_date is YYMM by default, as UMF’s SDK sends it', () => {
    expect(expiryToValidDate('12/39')).to.equal('3912');
    expect(expiryToValidDate('1239', 'YYMM')).to.equal('3912');
  });

  it('MMYY when the checkout key says so', () =>
    expect(expiryToValidDate('12/39', 'MMYY')).to.equal('1239'));
});

describe('CVV2, SMS code, holder name', () => {
  it('CVV2: three digits', () => {
    expect(validateCvv2('123')).to.equal(null);
    expect(validateCvv2('12')).to.equal('format');
    expect(validateCvv2('1234')).to.equal('format');
  });
  it('SMS code: six digits', () => {
    expect(validateSmsCode('123456')).to.equal(null);
    expect(validateSmsCode(' 123456 ')).to.equal(null);
    expect(validateSmsCode('12345')).to.equal('format');
    expect(validateSmsCode('')).to.equal('required');
  });
  it('holder name: Chinese or Latin, 2–40 characters', () => {
    expect(validateHolderName('张三')).to.equal(null);
    expect(validateHolderName('Zhang San')).to.equal(null);
    expect(validateHolderName('阿依古丽·买买提')).to.equal(null);
    expect(validateHolderName('张')).to.equal('length');
    expect(validateHolderName('<script>')).to.equal('format');
  });
});
