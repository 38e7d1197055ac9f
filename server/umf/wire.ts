// Request bodies as UMF receives them: one spelling (the request examples' — bankCard,
// payerAgreement, payer_name, item_quantity, links `ref`), amounts checked to be decimal
// strings, and card fields checked to be ciphertext already (the client never sees them in clear).
import { isCiphertextFor, type UmfKeys } from './crypto.ts';
import { isRecord } from './parse.ts';

const RENAMES: Record<string, string> = {
  bank_card: 'bankCard',
  payer_agreement: 'payerAgreement',
  card_holder: 'payer_name',
};

/** Fields that travel as RSA ciphertext (docs/umf-protocol.md §3; phone stays in clear — our rule). */
export const ENCRYPTED_FIELDS = [
  'number',
  'valid_date',
  'cvv2',
  'payer_name',
  'citizen_id_number',
] as const;

/** At most two decimals, at most 10 characters (docs/umf-protocol.md §3). */
export const AMOUNT_PATTERN = /^\d{1,10}(\.\d{1,2})?$/;

export type WireCheck = { keys: UmfKeys; requireCiphertext: boolean };

/** The body to send, or the first problem found (naming a path, never a value). */
export function toWire(value: unknown, check: WireCheck): { body: unknown; problem?: string } {
  const problems: string[] = [];
  const body = walk(value, '', '', check, problems);
  return { body, problem: problems[0] };
}

function walk(
  value: unknown,
  key: string,
  path: string,
  check: WireCheck,
  problems: string[],
): unknown {
  if (Array.isArray(value))
    return value.map((entry, i) => walk(entry, key, `${path}[${i}]`, check, problems));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [rawKey, entry] of Object.entries(value)) {
    const name = rename(rawKey, key);
    if (name in out && name !== rawKey) continue; // both spellings given: the example spelling wins
    out[name] = walk(entry, name, path ? `${path}.${name}` : name, check, problems);
  }
  if (key === 'amount' || key === 'org_amount') checkAmount(out, path, problems);
  if (check.requireCiphertext) checkCiphertext(out, key, path, check, problems);
  return out;
}

function rename(name: string, parentKey: string): string {
  if (parentKey === 'items' && name === 'quantity') return 'item_quantity';
  if (parentKey === 'links' && name === 'rel') return 'ref';
  return RENAMES[name] ?? name;
}

function checkAmount(amount: Record<string, unknown>, path: string, problems: string[]): void {
  for (const field of ['total', 'total_cny']) {
    const value = amount[field];
    if (value === undefined && field === 'total_cny') continue;
    if (typeof value !== 'string' || value.length > 10 || !AMOUNT_PATTERN.test(value))
      problems.push(`${path}.${field} must be a decimal string with at most two decimals`);
  }
}

function checkCiphertext(
  object: Record<string, unknown>,
  key: string,
  path: string,
  check: WireCheck,
  problems: string[],
): void {
  const fields: readonly string[] = key === 'bankCard' ? ENCRYPTED_FIELDS : ['citizen_id_number'];
  const all = key === 'payer_info' ? [...fields, 'name'] : fields;
  for (const field of all) {
    const value = object[field];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string' || !isCiphertextFor(value, check.keys.umfPublicKey))
      problems.push(`${path}.${field} must be RSA ciphertext for UMF's key, not clear text`);
  }
}
