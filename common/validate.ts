// Validation of Chinese customer data before anything is sent (docs/umf-protocol.md §11). Pure functions:
// no DOM, no locale. Each returns null when the value is valid, or the reason it is not.

export type FieldProblem =
  | 'required'
  | 'format'
  | 'length'
  | 'checksum'
  | 'birthDate'
  | 'expired'
  | 'month';

const digitsOnly = (value: string): string => value.replace(/[\s-]/g, '');

/** A check a value passes or not: a RegExp, or a predicate in the same shape. */
type Test = { test(value: string): boolean };

/** `required` for an empty value, else the problem of the first test it fails, else null. */
function firstProblem(value: string, tests: [FieldProblem, Test][]): FieldProblem | null {
  if (!value) return 'required';
  for (const [problem, test] of tests) if (!test.test(value)) return problem;
  return null;
}

/** Luhn (mod 10) over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Bank card number: 12–19 digits (spaces and dashes ignored), Luhn. */
export const validateCardNumber = (value: string): FieldProblem | null =>
  firstProblem(digitsOnly(value), [
    ['format', /^\d+$/],
    ['length', /^.{12,19}$/],
    ['checksum', { test: luhnValid }],
  ]);

/**
 * True while a partly typed card number can still become valid: used to hold back errors until
 * the customer leaves the field.
 */
export function isCardNumberPrefix(value: string): boolean {
  const digits = digitsOnly(value);
  return /^\d{0,19}$/.test(digits);
}

/** Formats a card number in groups of four as the customer types. */
export function formatCardNumber(value: string): string {
  const digits = value.replace(/\D/g, '').slice(0, 19);
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/**
 * The GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits: digit i weighs
 * 2^(17−i) mod 11.
 */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (2 ** (17 - i) % 11);
  return '10X98765432'[sum % 11];
}

/** Whether an ID's birth date (YYYYMMDD from its 7th digit) is a real day from 1900 to today. */
function bornBy(id: string, today: Date): boolean {
  const date = id.slice(6, 14);
  const born = new Date(Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6)));
  // A day or month out of range rolls over into another date, which then reads differently.
  return (
    date >= '1900' && born <= today && born.toISOString().slice(0, 10).replace(/-/g, '') === date
  );
}

/** Resident ID (居民身份证): 17 digits + check character, a real past birth date, checksum. */
export const validateResidentId = (value: string, today = new Date()): FieldProblem | null =>
  firstProblem(value.trim().toUpperCase(), [
    ['length', /^.{18}$/s],
    ['format', /^\d{17}[\dX]$/],
    ['birthDate', { test: (id) => bornBy(id, today) }],
    ['checksum', { test: (id) => residentIdCheckChar(id) === id[17] }],
  ]);

/** Mainland mobile: 11 digits starting with 1 (an optional +86 prefix is accepted). */
export const validatePhone = (value: string): FieldProblem | null =>
  firstProblem(normalizePhone(value), [
    ['format', /^\d+$/],
    ['length', /^.{11}$/],
    ['format', /^1[3-9]/],
  ]);

/** Strips spaces, dashes and a leading +86 / 0086. */
export function normalizePhone(value: string): string {
  return digitsOnly(value).replace(/^(\+86|0086)/, '');
}

/** Card expiry as MM/YY (or MMYY); not in the past (a card is valid through its month). */
export const validateExpiry = (value: string, today = new Date()): FieldProblem | null =>
  firstProblem(value.trim(), [
    ['format', /^\d{2}\s*\/?\s*\d{2}$/],
    ['month', /^(0[1-9]|1[0-2])/],
    [
      'expired',
      {
        test: (mmyy) =>
          (2000 + +mmyy.slice(-2)) * 12 + +mmyy.slice(0, 2) - 1 >=
          today.getUTCFullYear() * 12 + today.getUTCMonth(),
      },
    ],
  ]);

/** UMF's `valid_date` from MM/YY input: YYMM as UMF's SDK sends it, or MMYY. */
export function expiryToValidDate(value: string, format: 'YYMM' | 'MMYY' = 'YYMM'): string {
  const digits = value.replace(/\D/g, '');
  return format === 'MMYY' ? digits : digits.slice(2) + digits.slice(0, 2);
}

export const validateCvv2 = (value: string): FieldProblem | null =>
  firstProblem(value.trim(), [['format', /^\d{3}$/]]);

export const validateSmsCode = (value: string): FieldProblem | null =>
  firstProblem(value.trim(), [['format', /^\d{6}$/]]);

/** Card holder name as printed: Chinese or Latin letters, middle dots, spaces; 2–40 characters. */
export const validateHolderName = (value: string): FieldProblem | null =>
  firstProblem(value.trim(), [
    ['length', /^.{2,40}$/s],
    ['format', /^[\p{Script=Han}A-Za-z·•.\s'-]+$/u],
  ]);
