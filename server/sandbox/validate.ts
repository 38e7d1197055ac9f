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

/** Card expiry as MMYY or MM/YY; true when the month has not ended at `now`. */
export function expiryValid(value: string, now: number): boolean {
  const match = /^(\d{2})\/?(\d{2})$/.exec(value);
  if (!match) return false;
  const month = Number(match[1]);
  if (month < 1 || month > 12) return false;
  const endOfMonth = Date.UTC(2000 + Number(match[2]), month, 1);
  return endOfMonth > now;
}

export function isYyyymmdd(value: unknown): value is string {
  return typeof value === 'string' && /^\d{8}$/.test(value);
}
