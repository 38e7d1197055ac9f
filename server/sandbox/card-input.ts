// Reads the bank card of a verify or execute request: either spelling (bankCard / bank_card,
// payer_name / card_holder), the five sensitive fields decrypted with UMF's private key.
// The decrypted values live only in this call; nothing here is logged or stored.
import type { KeyObject } from 'node:crypto';
import { decryptField } from './decrypt.ts';
import { badRequest, invalidParameter } from './errors.ts';
import { asRecord } from './http.ts';

export type CardInput = {
  number: string;
  validDate: string | undefined;
  cvv2: string | undefined;
  holderName: string | undefined;
  citizenId: string | undefined;
  phone: unknown;
  verifyCode: unknown;
};

function decrypt(value: unknown, field: string, key: KeyObject): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalidParameter(`${field} must be an encrypted string`);
  try {
    return decryptField(value, key);
  } catch {
    throw badRequest('00060700', `${field} is not encrypted with the UMF public key`);
  }
}

export function readCard(body: Record<string, unknown>, key: KeyObject): CardInput {
  const info = asRecord(asRecord(body.payer)?.payer_info);
  const card = asRecord(info?.bank_card) ?? asRecord(info?.bankCard);
  if (!info || !card) throw invalidParameter('payer.payer_info.bank_card is required');
  const number = decrypt(card.number, 'bank_card.number', key);
  if (number === undefined) throw invalidParameter('bank_card.number is required');
  return {
    number: number.replace(/\s/g, ''),
    validDate: decrypt(card.valid_date, 'bank_card.valid_date', key),
    cvv2: decrypt(card.cvv2, 'bank_card.cvv2', key),
    holderName:
      decrypt(card.payer_name ?? card.card_holder, 'bank_card.payer_name', key) ??
      decrypt(info.name, 'payer_info.name', key),
    citizenId: decrypt(card.citizen_id_number, 'bank_card.citizen_id_number', key),
    phone: card.phone ?? info.phone,
    verifyCode: info.verify_code ?? card.verify_code ?? body.verify_code,
  };
}
