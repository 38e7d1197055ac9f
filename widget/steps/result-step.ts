import { html, nothing } from 'lit';
import type { Checkout } from '../api/client.ts';
import { clientMessage, type Translation } from '../localize/localize.ts';
import { checkIcon, crossIcon, largeSpinner } from '../ui/icons.ts';
import { StepElement, viewProps } from './step-element.ts';

/** Why the payment did not go through, in the customer's words. */
export function failureReason(t: Translation, checkout: Checkout): string {
  const attempt = checkout.attempt;
  if (checkout.status === 'EXPIRED') return t.expiredText;
  if (checkout.status === 'CANCELED') return t.canceledText;
  // The server words the attempt's failure (failureMessage) in the customer's language.
  if (attempt?.failureMessage) return attempt.failureMessage;
  return checkout.status === 'OPEN' ? clientMessage(t.locale, 'PAYMENT_FAILED') : t.closedText;
}

/** The result and processing steps: both may offer another method. */
abstract class OutcomeStep extends StepElement {
  static override properties = viewProps('canChooseMethod');
  /**
   * Offer another method: the checkout is open and has several, or the customer is back from
   * UMF's page and may not have paid there.
   */
  canChooseMethod = false;

  /** "Choose another way to pay", when offered. */
  protected otherMethod(kind: string) {
    if (!this.canChooseMethod) return nothing;
    return html`<button class=${kind} part="button" type="button"
      @click=${() => this.intent({ type: 'other-method' })}>${this.t.otherMethod}</button>`;
  }
}

/** The end of an attempt: success with the amount, or the reason and what the customer may do. */
export class UmfResultStep extends OutcomeStep {
  static override properties = viewProps('outcome', 'checkout', 'amount', 'canTryCard');
  /** success or failure. */
  outcome: 'success' | 'failure' = 'success';
  /** The checkout as it ended. */
  checkout!: Checkout;
  /** The amount, formatted. */
  amount = '';
  /** Offer "try another card" (the checkout is open and the customer paid by card). */
  canTryCard = false;

  override render() {
    const { t } = this;
    const success = this.outcome === 'success';
    const heading = success
      ? t.successHeading
      : this.checkout.status === 'OPEN'
        ? t.failureHeading
        : t.closedHeading;
    return html`
      <div class="result ${this.outcome}" part="result">
        <span class="badge" aria-hidden="true">${success ? checkIcon : crossIcon}</span>
        ${this.heading(heading)}
        ${
          success
            ? html`<p class="lead">${t.successText(this.amount)}</p>
              <p class="muted">${t.order(this.checkout.orderId)}</p>`
            : html`<p class="lead" part="failure-reason">${failureReason(t, this.checkout)}</p>
              ${
                this.canTryCard
                  ? html`<button class="primary" part="button retry" type="button"
                    @click=${() => this.intent({ type: 'another-card' })}>${t.tryAnotherCard}</button>`
                  : nothing
              }
              ${this.otherMethod(this.canTryCard ? 'secondary wide' : 'primary')}`
        }
      </div>
    `;
  }
}

/** Execute was sent, or the customer is back from UMF's page; the result arrives live. */
export class UmfProcessingStep extends OutcomeStep {
  override render() {
    return html`
      <div class="result" part="result">
        ${largeSpinner}
        ${this.heading(this.t.processingHeading)}
        <p class="lead">${this.t.processingText}</p>
        ${this.otherMethod('secondary wide')}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'umf-result-step': UmfResultStep;
    'umf-processing-step': UmfProcessingStep;
  }
}
