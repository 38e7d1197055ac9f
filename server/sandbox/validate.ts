// Checks UMF (playing the bank) runs on decrypted customer data (docs/umf-protocol.md §11).

export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999 resident ID: 17 digits + check character (ISO 7064 MOD 11-2), valid birth date. */
export function residentIdValid(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  const sum = ID_WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(id[i]), 0);
  if (ID_CHECK[sum % 11] !== id[17].toUpperCase()) return false;
  return birthDateValid(id.slice(6, 14));
}

function birthDateValid(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1900 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getTime() <= Date.now()
  );
}

export function mainlandPhoneValid(phone: unknown): phone is string {
  return typeof phone === 'string' && /^1\d{10}$/.test(phone);
}

export type ExpiryFormat = 'YYMM' | 'MMYY';
export type Expiry = { year: number; month: number; format: ExpiryFormat };

const isMonth = (mm: string) => Number(mm) >= 1 && Number(mm) <= 12;

/**
 * Reads a card expiry: YYMM (the official SDK) or MMYY (and MM/YY). With no format given a
 * 4-digit value is YYMM when its last two digits are a month, otherwise MMYY. Both readings can
 * only be months when both halves are 01–12, i.e. years 2001–2012, so the choice never changes
 * whether a card is expired. undefined when the value is neither.
 */
export function parseExpiry(value: string, format?: ExpiryFormat): Expiry | undefined {
  const slashed = /^(\d{2})\/(\d{2})$/.exec(value);
  if (slashed) {
    if (format === 'YYMM' || !isMonth(slashed[1])) return undefined;
    return { year: 2000 + Number(slashed[2]), month: Number(slashed[1]), format: 'MMYY' };
  }
  const match = /^(\d{2})(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [, first, last] = match;
  const yymm = format !== 'MMYY' && isMonth(last);
  if (yymm) return { year: 2000 + Number(first), month: Number(last), format: 'YYMM' };
  if (format !== 'YYMM' && isMonth(first))
    return { year: 2000 + Number(last), month: Number(first), format: 'MMYY' };
  return undefined;
}

/** True when the expiry month has not ended at `now`. */
export function expiryCurrent(expiry: Expiry, now: number): boolean {
  return Date.UTC(expiry.year, expiry.month, 1) > now;
}

export function isYyyymmdd(value: unknown): value is string {
  return typeof value === 'string' && /^\d{8}$/.test(value);
}
