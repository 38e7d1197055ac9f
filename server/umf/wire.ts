// Request bodies as UMF receives them: one member spelling (the SDK's — bank_card,
// payer_agreement, item quantity — or the reference examples' — bankCard, payerAgreement,
// item_quantity), risk_info's address under the set name, links `ref`, amounts checked to be decimal strings, and card fields checked to
// be ciphertext already (the client never sees them in clear).
import { isCiphertextFor, type UmfKeys } from './crypto.ts';
import { isRecord } from './parse.ts';
import type { UmfProtocol } from './protocol.ts';

type Spelling = UmfProtocol['memberSpelling'];
type RiskAddress = UmfProtocol['riskAddress'];

/** Member names by spelling: what a caller may write on the left, what is sent on the right. */
const RENAMES: Record<Spelling, Record<string, string>> = {
  sdk: { bankCard: 'bank_card', payerAgreement: 'payer_agreement', card_holder: 'payer_name' },
  'reference-examples': {
    bank_card: 'bankCard',
    payer_agreement: 'payerAgreement',
    card_holder: 'payer_name',
  },
};
/** An item's count, by spelling (a string either way: the SDK sends "2"). */
const QUANTITY: Record<Spelling, { from: string; to: string }> = {
  sdk: { from: 'item_quantity', to: 'quantity' },
  'reference-examples': { from: 'quantity', to: 'item_quantity' },
};
const CARD_MEMBERS = new Set(['bank_card', 'bankCard']);

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

export type WireCheck = {
  keys: UmfKeys;
  requireCiphertext: boolean;
  /** Default `sdk`. */
  spelling?: Spelling;
  /** The risk_info member of the delivery address; default `receiver_address`. */
  riskAddress?: RiskAddress;
};

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
    const name = rename(rawKey, key, check);
    if (name in out && name !== rawKey) continue; // both spellings given: the sent spelling wins
    out[name] = walk(
      quantityText(entry, name, key),
      name,
      path ? `${path}.${name}` : name,
      check,
      problems,
    );
  }
  if (key === 'amount' || key === 'org_amount') checkAmount(out, path, problems);
  if (check.requireCiphertext) checkCiphertext(out, key, path, check, problems);
  return out;
}

/** The delivery address in risk_info: either name may be written, the set one is sent. */
const ADDRESS_MEMBERS: readonly string[] = ['receiver_address', 'shipping_address'];

function rename(name: string, parentKey: string, check: WireCheck): string {
  const spelling = check.spelling ?? 'sdk';
  if (parentKey === 'items') return name === QUANTITY[spelling].from ? QUANTITY[spelling].to : name;
  if (parentKey === 'risk_info' && ADDRESS_MEMBERS.includes(name))
    return check.riskAddress ?? 'receiver_address';
  if (parentKey === 'links' && name === 'rel') return 'ref';
  return RENAMES[spelling][name] ?? name;
}

/** An item count travels as a string ("2"), as the SDK's item object and the examples write it. */
function quantityText(value: unknown, name: string, parentKey: string): unknown {
  const counted = parentKey === 'items' && (name === 'quantity' || name === 'item_quantity');
  return counted && typeof value === 'number' ? String(value) : value;
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
  const fields: readonly string[] = CARD_MEMBERS.has(key)
    ? ENCRYPTED_FIELDS
    : ['citizen_id_number'];
  const all = key === 'payer_info' ? [...fields, 'name'] : fields;
  for (const field of all) {
    const value = object[field];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string' || !isCiphertextFor(value, check.keys.umfPublicKey))
      problems.push(`${path}.${field} must be RSA ciphertext for UMF's key, not clear text`);
  }
}
