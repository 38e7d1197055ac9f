// Saved cards: a customer's card remembered through UMF's payer agreement (docs/umf-protocol.md
// §17). What the BFF keeps is the agreement's ids, the bank (gate id) and the last four digits
// UMF's answer shows — never a card number, expiry, CVV2 or ciphertext.

/** Whether a checkout offers to remember the card: never, with the customer's consent, always. */
export const SaveCardPolicy = { NEVER: 'NEVER', ASK: 'ASK', ALWAYS: 'ALWAYS' } as const;
export type SaveCardPolicy = (typeof SaveCardPolicy)[keyof typeof SaveCardPolicy];

export const SAVE_CARD_POLICIES: readonly SaveCardPolicy[] = Object.values(SaveCardPolicy);

/**
 * The merchant's own id of a customer: 1–32 letters, digits or `_ . @ -`. It is sent to UMF as
 * `bank_card.mer_cust_id`, whose form UMF's public sources do not state: this is our rule.
 */
export const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9_.@-]{1,32}$/;

export function isCustomerId(value: string): boolean {
  return CUSTOMER_ID_PATTERN.test(value);
}

export type SavedCardType = 'CREDIT_CARD' | 'DEBIT_CARD';

/** A saved card as the store keeps it. */
export type SavedCard = {
  id: string;
  customerId: string;
  cardType: SavedCardType;
  /** UMF's gate_id: the bank code the card was paid with. */
  bankCode: string;
  /** From UMF's answer (`last_four_cardId`), as UMF shows it. */
  lastFour: string;
  /** UMF's user agreement (one per customer) and pay agreement (one per card). Never shown. */
  umfBusiAgreementId: string;
  umfPayAgreementId: string;
  /** The paid attempt whose answer carried the agreement. */
  sourceAttemptId: string;
  createdAt: Date;
  /** When the merchant or the customer removed it (or UMF reported it ended); null while usable. */
  deletedAt: Date | null;
};

/** A saved card as the API and webhooks show it: no agreement ids. */
export type SavedCardView = {
  id: string;
  customerId: string;
  cardType: SavedCardType;
  bankCode: string;
  lastFour: string;
  createdAt: string;
  deletedAt: string | null;
};

export function savedCardView(card: SavedCard): SavedCardView {
  return {
    id: card.id,
    customerId: card.customerId,
    cardType: card.cardType,
    bankCode: card.bankCode,
    lastFour: card.lastFour,
    createdAt: card.createdAt.toISOString(),
    deletedAt: card.deletedAt ? card.deletedAt.toISOString() : null,
  };
}

/** UMF's payer_agreement as a payment shows it; ids empty or missing mean none was issued. */
export type IssuedAgreement = {
  busiId: string;
  payId: string;
  gateId: string;
  lastFour: string;
};

/** The agreement a payment's payer_info carries (either spelling), or undefined. */
export function agreementIn(payment: unknown): IssuedAgreement | undefined {
  const info = record(record(record(payment)?.payer)?.payer_info);
  const agreement = record(info?.payer_agreement) ?? record(info?.payerAgreement);
  if (!agreement) return undefined;
  const text = (name: string) => {
    const value = agreement[name];
    return typeof value === 'string' ? value.trim() : '';
  };
  const busiId = text('usr_busi_agreement_id');
  const payId = text('usr_pay_agreement_id');
  const gateId = text('gate_id');
  // The reference's example writes last_four_cardId; its object table last_four_cardid.
  const lastFour = text('last_four_cardId') || text('last_four_cardid');
  if (!busiId || !payId || !/^\d{4}$/.test(lastFour)) return undefined;
  return { busiId, payId, gateId, lastFour };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
