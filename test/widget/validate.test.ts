/// <reference types="mocha" />
// Customer-data validation (common/validate.ts) as it runs for the customer: in Chromium.
import { expect } from '@open-wc/testing';
import {
  expiryToValidDate,
  type FieldProblem,
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

type Rule = (typed: string, today: Date) => FieldProblem | null;

/**
 * The tests of one rule: what it answers for each typed value, by answer (`valid`: no
 * problem), one test per value named `"typed" → answer`; then the rule's `other` tests.
 */
function rule(
  title: string,
  check: Rule,
  typed: { [answer in FieldProblem | 'valid']?: string[] },
  other = () => {},
) {
  describe(title, () => {
    for (const [answer, values] of Object.entries(typed)) {
      const expected = answer === 'valid' ? null : answer;
      for (const value of values)
        it(`"${value}" → ${expected}`, () => expect(check(value, today)).to.equal(expected));
    }
    other();
  });
}

rule(
  'card number',
  validateCardNumber,
  {
    valid: ['6222020000070000', '6222 0200 0007 0000', '6258070000090000', '4111111111111111'],
    checksum: ['6222020000070001'],
    required: [''],
    format: ['62220200a0070000'],
    length: ['12345678903', '62220200000700000000'],
  },
  () => {
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
  },
);

rule(
  'resident ID (GB 11643)',
  validateResidentId,
  {
    valid: ['11010519491231002X', '11010519491231002x'],
    checksum: ['110105194912310021'],
    birthDate: ['110105194913310028', '110105203012310028', '11010519490230002X'],
    length: ['1101051949123100'],
    format: ['11010519491231002Y'],
    required: [''],
  },
  () => {
    it('computes the MOD 11-2 check character', () => {
      expect(residentIdCheckChar('11010519491231002')).to.equal('X');
    });
  },
);

rule('phone', validatePhone, {
  valid: ['13800138000', '+86 138 0013 8000'],
  length: ['1380013800'],
  format: ['23800138000'],
  required: [''],
});

rule('expiry (MM/YY, valid through its month)', validateExpiry, {
  valid: ['11/26', '1230'],
  expired: ['10/26'],
  month: ['13/27'],
  format: ['1/27'],
  required: [''],
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
