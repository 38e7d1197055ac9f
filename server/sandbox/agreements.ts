// Payer agreements — UMF's saved cards (docs/umf-protocol.md §17). A card payment whose card
// carries the merchant's id of the customer (`bank_card.mer_cust_id`) registers, once it succeeds,
// a user agreement (`usr_busi_agreement_id`, one per customer of the merchant) and a pay agreement
// (`usr_pay_agreement_id`, one per card of that customer), shown in the payment as
// `payer.payer_info.payer_agreement` with `gate_id` and `last_four_cardId`. A later card payment
// may verify with that agreement instead of the card: the SMS goes to the card's phone, and the
// execute needs the agreement and the code only. The agreement is scoped to the merchant and the
// order's `sub_mer_id`; an unknown or another merchant's user agreement is 00060314, a card not of
// that user 00060310, an ended one 00060315 (all HTTP 402).
import { randomInt } from 'node:crypto';
import { decrypt, verifyCodeIn } from './card-input.ts';
import { formatChinaTime } from './clock.ts';
import type { SandboxContext } from './context.ts';
import { invalidParameter, refused } from './errors.ts';
import { asRecord } from './http.ts';
import { checkPayerInfoSpelling, payerInfoMember } from './spelling.ts';
import type { BusiAgreementRecord, PayAgreementRecord, PaymentRecord } from './state.ts';
import { type SandboxStrict, strictRefusal } from './strict.ts';

/** The agreement a verify or execute sent instead of the card. */
export type AgreementInput = {
  busiId: string;
  payId: string;
  verifyCode: unknown;
};

/** The merchant scope of a payment: its order's sub-merchant, or the merchant itself. */
export function scopeOf(payment: PaymentRecord): string {
  const sub = payment.order.sub_mer_id;
  return typeof sub === 'string' ? sub : '';
}

/** Short names of the reference's verify example (empty there), read by default only. */
const SHORT_NAMES = {
  busi_agreement_id: 'usr_busi_agreement_id',
  agreement_id: 'usr_pay_agreement_id',
} as const;

function idIn(
  agreement: Record<string, unknown>,
  name: 'usr_busi_agreement_id' | 'usr_pay_agreement_id',
  strict: SandboxStrict,
): string | undefined {
  const short = name === 'usr_busi_agreement_id' ? 'busi_agreement_id' : 'agreement_id';
  if (strict.memberSpelling && agreement[short] !== undefined && agreement[short] !== '')
    throw strictRefusal(
      'memberSpelling',
      strict.memberSpelling,
      `payer_agreement.${short} is not a member UMF reads: send ${SHORT_NAMES[short]}`,
    );
  const value = agreement[name] ?? agreement[short];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !/^[\w-]{1,64}$/.test(value))
    throw invalidParameter(`payer_agreement.${name} must be 1–64 letters, digits, _ or -`);
  return value;
}

/**
 * The agreement of a verify or execute body (payer_agreement or payerAgreement), or undefined
 * when none is sent or its ids are empty (UMF's demo sends empty ids beside the card).
 */
export function readAgreement(
  body: Record<string, unknown>,
  ctx: SandboxContext,
): AgreementInput | undefined {
  const strict = ctx.settings.strict;
  const info = asRecord(asRecord(body.payer)?.payer_info);
  if (info) checkPayerInfoSpelling(info, strict);
  const agreement = payerInfoMember(info, 'payer_agreement');
  if (!info || !agreement) return undefined;
  const busiId = idIn(agreement, 'usr_busi_agreement_id', strict);
  const payId = idIn(agreement, 'usr_pay_agreement_id', strict);
  if (busiId === undefined && payId === undefined) return undefined;
  if (busiId === undefined)
    throw invalidParameter('payer_agreement.usr_busi_agreement_id is required');
  if (payId === undefined)
    throw invalidParameter('payer_agreement.usr_pay_agreement_id is required');
  if (typeof payerInfoMember(info, 'bank_card')?.number === 'string')
    throw invalidParameter('send payer_info.bank_card or payer_info.payer_agreement, not both');
  // A credit card's agreement may carry its expiry and CVV2 again, encrypted like the card's.
  decrypt(agreement.valid_date, 'payer_agreement.valid_date', ctx.keys.umfPrivateKey, strict);
  decrypt(agreement.cvv2, 'payer_agreement.cvv2', ctx.keys.umfPrivateKey, strict);
  const verifyCode = verifyCodeIn(body, info, agreement, strict, 'payer_agreement');
  return { busiId, payId, verifyCode };
}

/** The pay agreement a payment may use, or UMF's refusal. */
export function resolveAgreement(
  ctx: SandboxContext,
  payment: PaymentRecord,
  input: AgreementInput,
): PayAgreementRecord {
  const busi = ctx.state.busiAgreements.get(input.busiId);
  if (!busi || busi.scope !== scopeOf(payment))
    throw refused(
      '00060314',
      `unregistered user: usr_busi_agreement_id ${input.busiId} is no agreement of this merchant`,
    );
  const pay = ctx.state.payAgreements.get(input.payId);
  if (!pay || pay.busiId !== busi.id)
    throw refused(
      '00060310',
      `the user has not signed this merchant's agreement for usr_pay_agreement_id ${input.payId}`,
    );
  if (pay.deletedAt !== undefined)
    throw refused('00060315', `inactive: the payer agreement ${input.payId} was ended`);
  if (pay.card.type !== payment.method)
    throw invalidParameter(
      `the agreement's card is a ${pay.card.type}, the payment a ${payment.method} payment`,
    );
  if (payment.payer.bank_code !== pay.gateId)
    throw invalidParameter(
      `payer.bank_code ${String(payment.payer.bank_code)} differs from the agreement's gate_id ${pay.gateId}`,
    );
  return pay;
}

/** An id in UMF's form: prefix, China time to the second, then random digits (32 characters). */
function agreementId(ctx: SandboxContext, prefix: 'UB' | 'P'): string {
  const at = formatChinaTime(ctx.clock.now()).slice(0, 19).replace(/[-:T]/g, '');
  const digits = Array.from({ length: 32 - prefix.length - at.length }, () => randomInt(10));
  return `${prefix}${at}${digits.join('')}`;
}

function busiAgreementFor(ctx: SandboxContext, scope: string, merCustId: string) {
  for (const busi of ctx.state.busiAgreements.values())
    if (busi.scope === scope && busi.merCustId === merCustId) return busi;
  const busi: BusiAgreementRecord = {
    id: agreementId(ctx, 'UB'),
    scope,
    merCustId,
    createdAt: ctx.clock.now(),
  };
  ctx.state.busiAgreements.set(busi.id, busi);
  return busi;
}

/**
 * A successful card payment that asked for it (mer_cust_id) registers its card: the customer's
 * user agreement (new or the one they have) and the card's pay agreement (the live one of the
 * same card again, else a new one).
 */
export function issueAgreement(ctx: SandboxContext, payment: PaymentRecord): void {
  if (payment.agreementId !== undefined || !payment.merCustId || !payment.card) return;
  const busi = busiAgreementFor(ctx, scopeOf(payment), payment.merCustId);
  const card = payment.card;
  let pay = [...ctx.state.payAgreements.values()].find(
    (p) =>
      p.busiId === busi.id && p.deletedAt === undefined && p.card.fingerprint === card.fingerprint,
  );
  if (!pay) {
    pay = {
      id: agreementId(ctx, 'P'),
      busiId: busi.id,
      card: { ...card },
      gateId: String(payment.payer.bank_code),
      createdAt: ctx.clock.now(),
      deletedAt: undefined,
      paymentId: payment.id,
    };
    ctx.state.payAgreements.set(pay.id, pay);
  }
  payment.agreementId = pay.id;
}

/** payer_agreement as UMF shows it in the payment, or undefined. */
export function agreementView(
  ctx: SandboxContext,
  payment: PaymentRecord,
): Record<string, string> | undefined {
  const pay = payment.agreementId ? ctx.state.payAgreements.get(payment.agreementId) : undefined;
  if (!pay) return undefined;
  return {
    usr_busi_agreement_id: pay.busiId,
    usr_pay_agreement_id: pay.id,
    gate_id: pay.gateId,
    last_four_cardId: pay.card.lastFour,
  };
}

/** The payer_info member naming the agreement in answers: as the client spells requests. */
export function agreementMember(strict: SandboxStrict): 'payer_agreement' | 'payerAgreement' {
  return strict.memberSpelling === 'reference-examples' ? 'payerAgreement' : 'payer_agreement';
}

/** GET /__sandbox/agreements: every agreement, no card data. */
export function listAgreements(ctx: SandboxContext) {
  return [...ctx.state.payAgreements.values()].map((pay) => {
    const busi = ctx.state.busiAgreements.get(pay.busiId);
    return {
      usrBusiAgreementId: pay.busiId,
      usrPayAgreementId: pay.id,
      merCustId: busi?.merCustId ?? '',
      subMerId: busi?.scope ?? '',
      gateId: pay.gateId,
      lastFour: pay.card.lastFour,
      cardType: pay.card.type,
      state: pay.deletedAt === undefined ? 'ACTIVE' : 'DELETED',
      createdAt: formatChinaTime(pay.createdAt),
      paymentId: pay.paymentId,
    };
  });
}

/** Ends a pay agreement (the customer unbinds the card); false when there is none. */
export function endAgreement(ctx: SandboxContext, payId: string): boolean {
  const pay = ctx.state.payAgreements.get(payId);
  if (!pay) return false;
  if (pay.deletedAt === undefined) pay.deletedAt = ctx.clock.now();
  return true;
}
