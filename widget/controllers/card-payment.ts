// The card payment's requests: the banks, the form's check, the SMS code, the confirmation. The card as
// typed lives here, in memory only, between the SMS request and the confirmation.

import { validateSmsCode } from '../../common/validate.ts';
import type { CardInput, CardType, CheckoutError } from '../api/client.ts';
import type { CheckoutClient } from '../api/requests.ts';
import { checkCard } from '../flow/card-fields.ts';
import type { FlowAction, FlowState } from '../flow/flow.ts';
import { type Locale, translation } from '../localize/localize.ts';

/** What the payments need from the checkout controller. */
export type PaymentHost = {
  readonly flow: FlowState;
  readonly language: Locale;
  readonly client: CheckoutClient;
  /** Aborted by the next load and when the element leaves the page. */
  readonly signal?: AbortSignal;
  dispatch(action: FlowAction): void;
  /** Focus and the live region. */
  readonly steps: { announce(text: string): void; focusFirstError(): Promise<void> };
  run<T>(request: () => Promise<T | CheckoutError>, retry: () => void): Promise<T | null>;
  /** Shows the lost connection; `retry` sends the request again. */
  offline(retry: () => void): void;
};

export class CardPayment {
  private readonly host: PaymentHost;
  private card: CardInput | null = null;
  /** The saved card being paid (UMF's agreement stands for the card: nothing typed). */
  private saved: string | null = null;
  /** "Remember this card" was ticked for the card typed. */
  private remember = false;
  private loadingBanks = new Set<CardType>();

  constructor(host: PaymentHost) {
    this.host = host;
  }

  /** Forgets the card (another card, back, the end of the payment, the element removed). */
  forget() {
    this.card = null;
    this.saved = null;
  }

  /** Pays with a saved card: UMF texts the code to the card's phone; the SMS step follows. */
  paySaved(savedCardId: string) {
    this.card = null;
    this.saved = savedCardId;
    return this.sendSms();
  }

  /** Removes a saved card; the list on screen drops it. */
  async removeSaved(savedCardId: string) {
    const { host } = this;
    const removed = await host.run(
      () => host.client.removeSavedCard(savedCardId),
      () => void this.removeSaved(savedCardId),
    );
    const flow = host.flow;
    if (!removed || flow.step === 'loading') return;
    // The BFF removed it: the list on screen drops it (the checkout itself did not change).
    const { checkout } = flow;
    const savedCards = checkout.savedCards.filter((card) => card.id !== savedCardId);
    host.dispatch({ type: 'updated', checkout: { ...checkout, savedCards }, settled: true });
    host.steps.announce(translation(host.language).saved.removed);
  }

  /** The banks of the card type on screen, once per card type. */
  async loadBanks() {
    const { host } = this;
    const flow = host.flow;
    if ((flow.step !== 'bank' && flow.step !== 'card') || flow.banks[flow.cardType]) return;
    const cardType = flow.cardType;
    if (this.loadingBanks.has(cardType)) return;
    this.loadingBanks.add(cardType);
    const { signal } = host;
    try {
      const banks = await host.client.banks(cardType, signal);
      if (!signal?.aborted) host.dispatch({ type: 'banks', cardType, banks });
    } catch {
      if (!signal?.aborted) host.offline(() => void this.loadBanks());
    } finally {
      this.loadingBanks.delete(cardType);
    }
  }

  async submit(card: CardInput, remember = false) {
    const { host } = this;
    const flow = host.flow;
    if (flow.step !== 'card') return;
    const errors = checkCard(card, flow.cardType);
    const count = Object.keys(errors).length;
    if (count) {
      host.dispatch({ type: 'invalid', errors });
      host.steps.announce(translation(host.language).fixFields(count));
      return host.steps.focusFirstError();
    }
    this.card = card;
    this.remember = remember;
    const resume = flow.resume;
    const masked = card.phone.replace(/\D/g, '').replace(/^(86)?(\d{3})\d{4}(\d{4})$/, '$2****$3');
    if (resume && resume.phone === masked)
      return host.dispatch({ type: 'resume-sms', attempt: resume });
    await this.sendSms();
  }

  /** Asks for the SMS code (again): for the card typed, or the saved card (from the methods). */
  async sendSms() {
    const { host, card, saved } = this;
    const flow = host.flow;
    if (flow.step !== (saved ? 'method' : 'card') && flow.step !== 'sms') return;
    const { checkout, cardType: method, bankCode } = flow;
    const request = saved
      ? () => host.client.sendSavedCardSmsCode(saved)
      : card && bankCode
        ? () =>
            host.client.sendSmsCode({ checkout, method, bankCode, card, saveCard: this.remember })
        : null;
    if (!request) return;
    const sent = await host.run(request, () => void this.sendSms());
    if (!sent) return;
    host.dispatch({
      type: 'sms-sent',
      checkout: sent.checkout,
      attemptId: sent.attempt.id,
      retryAt: sent.retryAt,
      saved: !!saved,
    });
  }

  /**
   * Pays with the SMS code. A refused code is cleared by the SMS step (it must be typed again);
   * after a lost connection the digits stay, so the customer can simply try again.
   */
  async confirm(smsCode: string) {
    const { host } = this;
    const flow = host.flow;
    if (flow.step !== 'sms') return;
    const problem = validateSmsCode(smsCode);
    if (problem || (!this.card && !this.saved)) {
      host.dispatch({ type: 'invalid', errors: { smsCode: { problem: problem ?? 'required' } } });
      const { smsCode: terms } = translation(host.language).fields;
      host.steps.announce(terms[problem === 'format' ? 'invalid' : 'required']);
      return;
    }
    const { checkout, attemptId } = flow;
    const { card } = this;
    const confirmed = await host.run(
      () =>
        card
          ? host.client.confirmPayment({ checkout, attemptId, card, smsCode })
          : host.client.confirmSavedCardPayment(attemptId, smsCode),
      () => void this.confirm(smsCode),
    );
    if (confirmed) host.dispatch({ type: 'updated', checkout: confirmed.checkout, settled: true });
    else if (host.flow.step === 'sms') await host.steps.focusFirstError();
  }
}
