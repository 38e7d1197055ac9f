// Saved cards (docs/umf-protocol.md §17): the customer's cards remembered through UMF's payer
// agreements. A paid attempt that asked for one records the agreement UMF's answer carries (once,
// whichever answer brings it); a later checkout of the same customer pays with it — verify and
// execute send the agreement instead of the card, the customer types only the SMS code. A card
// is reachable only from a checkout of its customer (client-secret scope) and the merchant's key.
import { validateSmsCode } from '../../common/validate.ts';
import { CheckoutError, validationError } from '../domain/errors.ts';
import { agreementIn, isCustomerId, type SavedCard } from '../domain/saved-card.ts';
import { isCheckoutOpen } from '../domain/state.ts';
import type { Attempt, Checkout } from '../domain/types.ts';
import type { Payment } from '../umf/types.ts';
import {
  answerRefusedClaim,
  answerRetry,
  current,
  executeAttempt,
  takeSmsAllowance,
  verifyFailure,
} from './card-payments.ts';
import type { ServiceCore } from './core.ts';
import { refusalError, smsAttempt } from './payment-steps.ts';

/** UMF's answers for an agreement it no longer honours: the card is forgotten here too. */
const AGREEMENT_ENDED = new Set(['00060310', '00060314', '00060315']);
const SMS_INTERVAL_MS = 60_000;

export type SendSavedCardSmsCodeInput = {
  clientSecret: string;
  savedCardId: string;
  clientIp: string;
};

export type ConfirmSavedCardPaymentInput = {
  clientSecret: string;
  attemptId: string;
  smsCode: string;
};

export type RemoveSavedCardInput = { clientSecret: string; savedCardId: string };

export function createSavedCards(core: ServiceCore) {
  /** The saved card if it is usable by this checkout's customer; else VALIDATION savedCard. */
  async function usableCard(checkout: Checkout, savedCardId: string): Promise<SavedCard> {
    const card = await core.store.getSavedCard(savedCardId);
    if (!card || card.deletedAt || !checkout.customerId || card.customerId !== checkout.customerId)
      throw new CheckoutError('VALIDATION', { field: 'savedCard', checkout });
    return card;
  }

  /** UMF refused the agreement (unknown, not this customer's, ended): it is of no more use. */
  async function forgetIfEnded(card: SavedCard, attemptId: string): Promise<void> {
    const attempt = await core.store.getAttempt({ attemptId });
    const codes = [attempt?.lastErrorCode, attempt?.resultCode];
    if (!codes.some((code) => code && AGREEMENT_ENDED.has(code))) return;
    const deleted = await core.store.deleteSavedCard(card.id);
    if (deleted?.changed)
      core.logger.warn({ savedCardId: card.id }, 'UMF no longer honours the agreement: forgotten');
  }

  function attemptFor(checkout: Checkout, card: SavedCard): Promise<Attempt> {
    const start = { method: card.cardType, bankCode: card.bankCode, savedCardId: card.id };
    return smsAttempt(core, checkout, (live) => live.savedCardId === card.id, start, {
      bankCode: card.bankCode,
    });
  }

  const agreementOf = (card: SavedCard) => ({
    usr_busi_agreement_id: card.umfBusiAgreementId,
    usr_pay_agreement_id: card.umfPayAgreementId,
  });

  return {
    /** The customer's usable saved cards (merchant view, or a checkout's customer). */
    async savedCards(customerId: string): Promise<SavedCard[]> {
      if (!isCustomerId(customerId)) throw validationError('customerId');
      return core.store.listSavedCards(customerId);
    },

    /** The saved cards a checkout may offer: its customer's, of the card types it accepts. */
    async checkoutSavedCards(checkout: Checkout): Promise<SavedCard[]> {
      if (!checkout.customerId) return [];
      const cards = await core.store.listSavedCards(checkout.customerId);
      return cards.filter((card) => checkout.methods.includes(card.cardType));
    },

    savedCard: (id: string) => core.store.getSavedCard(id),

    /**
     * The merchant deletes a saved card. UMF's REST API has no call to end an agreement
     * (§17.2 item 6): the BFF forgets the ids and never sends them again.
     */
    async deleteSavedCard(id: string): Promise<SavedCard> {
      const deleted = await core.store.deleteSavedCard(id);
      if (!deleted) throw new CheckoutError('VALIDATION', { field: 'savedCard' });
      return deleted.card;
    },

    /** The customer removes one of their saved cards from the widget. */
    async removeSavedCard(input: RemoveSavedCardInput): Promise<SavedCard> {
      const checkout = await core.bySecret(input.clientSecret);
      const card = await usableCard(checkout, input.savedCardId);
      const deleted = await core.store.deleteSavedCard(card.id);
      return deleted?.card ?? card;
    },

    /** Pays with a saved card: a new UMF payment, verified with the agreement (SMS to its phone). */
    async sendSavedCardSmsCode(input: SendSavedCardSmsCodeInput) {
      const checkout = await core.bySecret(input.clientSecret);
      if (!isCheckoutOpen(checkout.status))
        throw new CheckoutError('CHECKOUT_CLOSED', { checkout });
      const card = await usableCard(checkout, input.savedCardId);
      takeSmsAllowance(core, checkout, input.clientIp);
      const attempt = await attemptFor(checkout, card);
      try {
        await core.umf.payments.verify(attempt.umfPaymentId!, {
          payer: { payer_info: { payer_agreement: agreementOf(card) } },
        });
      } catch (error) {
        const failure = await verifyFailure(core, attempt, error);
        await forgetIfEnded(card, attempt.id);
        throw failure;
      }
      const nextSmsAllowedAt = new Date(core.now().getTime() + SMS_INTERVAL_MS);
      const sent = await core.store.recordSmsSent(attempt.id, { nextSmsAllowedAt });
      if (!sent.ok) throw refusalError(sent);
      core.publish(sent.checkout, sent.changed);
      return {
        checkout: core.known(sent.checkout, sent.attempt),
        attempt: sent.attempt,
        retryAt: nextSmsAllowedAt,
      };
    },

    /** Executes a saved-card attempt at most once: the agreement and the SMS code. */
    async confirmSavedCardPayment(input: ConfirmSavedCardPaymentInput): Promise<Checkout> {
      const checkout = await core.bySecret(input.clientSecret);
      if (validateSmsCode(input.smsCode) !== null) throw validationError('smsCode');
      const attempt = await core.store.getAttempt({ attemptId: input.attemptId });
      if (
        !attempt ||
        attempt.checkoutId !== checkout.id ||
        !attempt.umfPaymentId ||
        !attempt.savedCardId
      )
        throw new CheckoutError('ATTEMPT_NOT_CURRENT', { checkout });
      const card = await core.store.getSavedCard(attempt.savedCardId);
      const removed = !card || card.deletedAt !== null;
      // Removed after the code was sent: the agreement is never sent again. A retry of an
      // execute already sent still gets its answer from the claim below.
      if (removed && attempt.status === 'SMS_SENT')
        throw new CheckoutError('VALIDATION', { field: 'savedCard', checkout });
      const claim = await core.store.claimExecute(attempt.id);
      if (!claim.ok) return answerRefusedClaim(core, claim, attempt);
      if (!claim.claimed) return answerRetry(claim.checkout, claim.attempt);
      if (removed) {
        const released = await core.store.releaseExecute(attempt.id, '00060315');
        if (released.ok)
          core.publish(core.known(released.checkout, released.attempt), released.changed);
        throw new CheckoutError('VALIDATION', {
          field: 'savedCard',
          checkout: await current(core, attempt),
        });
      }
      core.publish(core.known(claim.checkout, claim.attempt), claim.changed);
      try {
        return await executeAttempt(core, claim.attempt, {
          payer: {
            payer_info: {
              payer_agreement: agreementOf(card),
              // Sent where protocol.verifyCode says: by default inside the agreement.
              verify_code: input.smsCode.trim(),
            },
          },
        });
      } finally {
        await forgetIfEnded(card, attempt.id);
      }
    },

    /**
     * Records the saved card of a successful payment that asked for one, from whichever answer
     * (execute's, a query, the notification) carries the agreement; once per attempt.
     */
    async recordFrom(attempt: Attempt, payment: Payment): Promise<void> {
      if (!attempt.saveCard || payment.state !== 'TRADE_SUCCESS') return;
      if (attempt.method !== 'CREDIT_CARD' && attempt.method !== 'DEBIT_CARD') return;
      const agreement = agreementIn(payment);
      if (!agreement) return;
      const checkout = await core.store.getCheckout(attempt.checkoutId);
      if (!checkout?.customerId) return;
      await core.store.recordSavedCard({
        customerId: checkout.customerId,
        cardType: attempt.method,
        bankCode: agreement.gateId || attempt.bankCode || '',
        lastFour: agreement.lastFour,
        umfBusiAgreementId: agreement.busiId,
        umfPayAgreementId: agreement.payId,
        sourceAttemptId: attempt.id,
      });
    },
  };
}
