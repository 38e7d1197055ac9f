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
export function validateCardNumber(value: string): FieldProblem | null {
  const digits = digitsOnly(value);
  if (digits.length === 0) return 'required';
  if (!/^\d+$/.test(digits)) return 'format';
  if (digits.length < 12 || digits.length > 19) return 'length';
  return luhnValid(digits) ? null : 'checksum';
}

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

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/** The GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** Resident ID (居民身份证): 17 digits + check character, a real past birth date, checksum. */
export function validateResidentId(value: string, today: Date = new Date()): FieldProblem | null {
  const id = value.trim().toUpperCase();
  if (id.length === 0) return 'required';
  if (!/^\d{17}[\dX]$/.test(id)) return id.length === 18 ? 'format' : 'length';
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const born = Date.UTC(year, month - 1, day);
  if (year < 1900 || !isRealDate(year, month, day) || born > today.getTime()) return 'birthDate';
  return residentIdCheckChar(id.slice(0, 17)) === id[17] ? null : 'checksum';
}

/** Mainland mobile: 11 digits starting with 1 (an optional +86 prefix is accepted). */
export function validatePhone(value: string): FieldProblem | null {
  const phone = normalizePhone(value);
  if (phone.length === 0) return 'required';
  if (!/^\d+$/.test(phone)) return 'format';
  if (phone.length !== 11) return 'length';
  return /^1[3-9]\d{9}$/.test(phone) ? null : 'format';
}

/** Strips spaces, dashes and a leading +86 / 0086. */
export function normalizePhone(value: string): string {
  return digitsOnly(value).replace(/^(\+86|0086)/, '');
}

/** Card expiry as MM/YY (or MMYY); not in the past (a card is valid through its month). */
export function validateExpiry(value: string, today: Date = new Date()): FieldProblem | null {
  const match = /^(\d{2})\s*\/?\s*(\d{2})$/.exec(value.trim());
  if (value.trim().length === 0) return 'required';
  if (!match) return 'format';
  const month = Number(match[1]);
  const year = 2000 + Number(match[2]);
  if (month < 1 || month > 12) return 'month';
  const thisMonth = today.getUTCFullYear() * 12 + today.getUTCMonth();
  return year * 12 + (month - 1) < thisMonth ? 'expired' : null;
}

/** UMF's `valid_date` from MM/YY input: YYMM as UMF's SDK sends it, or MMYY. */
export function expiryToValidDate(value: string, format: 'YYMM' | 'MMYY' = 'YYMM'): string {
  const digits = value.replace(/\D/g, '');
  return format === 'MMYY' ? digits : digits.slice(2) + digits.slice(0, 2);
}

export function validateCvv2(value: string): FieldProblem | null {
  const cvv = value.trim();
  if (cvv.length === 0) return 'required';
  return /^\d{3}$/.test(cvv) ? null : 'format';
}

export function validateSmsCode(value: string): FieldProblem | null {
  const code = value.trim();
  if (code.length === 0) return 'required';
  return /^\d{6}$/.test(code) ? null : 'format';
}

/** Card holder name as printed: Chinese or Latin letters, middle dots, spaces; 2–40 characters. */
export function validateHolderName(value: string): FieldProblem | null {
  const name = value.trim();
  if (name.length === 0) return 'required';
  if (name.length < 2 || name.length > 40) return 'length';
  return /^[\p{Script=Han}A-Za-z·•.\s'-]+$/u.test(name) ? null : 'format';
}
