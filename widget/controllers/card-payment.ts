// The card payment's requests: the form's check, the SMS code, the confirmation (the banks are
// the checkout controller's: the bank step comes first). The card as typed lives here, in memory
// only, between the SMS request and the confirmation. The ES build loads it on demand.

import { validateSmsCode } from '../../common/validate.ts';
import type { CardInput, CheckoutError } from '../api/client.ts';
import type { CheckoutClient } from '../api/requests.ts';
import { checkCard, checkField } from '../flow/card-fields.ts';
import type { Intent } from '../flow/events.ts';
import type { Field, FlowAction, FlowState } from '../flow/flow.ts';
import { type Locale, translation } from '../localize/localize.ts';

/** What the payments need from the checkout controller. */
export type PaymentHost = {
  readonly flow: FlowState;
  readonly language: Locale;
  readonly client: CheckoutClient;
  dispatch(action: FlowAction): void;
  /** Focus and the live region. */
  readonly steps: { announce(text: string): void; focusFirstError(): Promise<void> };
  run<T>(request: () => Promise<T | CheckoutError>, retry: () => void): Promise<T | null>;
};

/**
 * Whether a field's step is on screen: a step view being replaced may still report a blur (the
 * browser fires it while the render removes the focused input), which must not change the flow.
 */
const onScreen = (flow: FlowState, field: Field) =>
  flow.step === (field === 'smsCode' ? 'sms' : 'card');

export class CardPayment {
  private readonly host: PaymentHost;
  private card: CardInput | null = null;
  /** The saved card being paid (UMF's agreement stands for the card: nothing typed). */
  private saved: string | null = null;
  /** "Remember this card" was ticked for the card typed. */
  private remember = false;

  constructor(host: PaymentHost) {
    this.host = host;
  }

  /** Forgets the card (another card, back, the end of the payment, the element removed). */
  forget() {
    this.card = null;
    this.saved = null;
  }

  /**
   * A field the customer left (`check`: its problem is shown) or typed in (`input`: a shown
   * error goes once the value is right).
   */
  field(intent: Extract<Intent, { type: 'check' | 'input' }>) {
    const { host } = this;
    const flow = host.flow;
    const { field, value } = intent;
    if (!onScreen(flow, field)) return;
    const problem = checkField(field, value);
    if (intent.type === 'check')
      host.dispatch({ type: 'field', field, error: problem ? { problem } : null });
    else if ('errors' in flow && flow.errors[field] && !problem)
      host.dispatch({ type: 'field', field, error: null });
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
