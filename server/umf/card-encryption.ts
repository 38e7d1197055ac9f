// Server-side and test helper: encrypts a card's UTF-8 fields as the browser does with the default
// key (docs/umf-protocol.md §3; the widget's encryptField also speaks GBK). The client itself never
// encrypts: it only forwards ciphertext.
import { encryptField, type UmfKeys } from './crypto.ts';
import type { BankCard } from './types.ts';

export type PlainBankCard = {
  number: string;
  /** Credit cards only. */
  valid_date?: string;
  /** Credit cards only. */
  cvv2?: string;
  /** Either spelling; sent as payer_name. */
  payer_name?: string;
  card_holder?: string;
  citizen_id_type?: string;
  citizen_id_number?: string;
  /** Travels in clear (our rule). */
  phone?: string;
  external_customer_id?: string;
  mer_cust_id?: string;
};

/** The card with its five sensitive fields RSA-encrypted with UMF's public key. */
export function encryptBankCard(plain: PlainBankCard, keys: UmfKeys): BankCard {
  const { card_holder, ...rest } = plain;
  const holder = plain.payer_name ?? card_holder;
  const card: BankCard = { ...rest };
  const encrypt = (value: string) => encryptField(value, keys.umfPublicKey);
  card.number = encrypt(plain.number);
  if (plain.valid_date !== undefined) card.valid_date = encrypt(plain.valid_date);
  if (plain.cvv2 !== undefined) card.cvv2 = encrypt(plain.cvv2);
  if (holder !== undefined) card.payer_name = encrypt(holder);
  if (plain.citizen_id_number !== undefined)
    card.citizen_id_number = encrypt(plain.citizen_id_number);
  return card;
}
