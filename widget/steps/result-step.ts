import { html, nothing } from 'lit';
import type { Checkout } from '../api/client.ts';
import { clientMessage, type Translation } from '../localize/localize.ts';
import { checkIcon, crossIcon } from '../ui/icons.ts';
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

/** The end of an attempt: success with the amount, or the reason and what the customer may do. */
export class UmfResultStep extends StepElement {
  static override properties = viewProps(
    'outcome',
    'checkout',
    'amount',
    'canTryCard',
    'canChooseMethod',
  );
  /** success or failure. */
  outcome: 'success' | 'failure' = 'success';
  /** The checkout as it ended. */
  checkout!: Checkout;
  /** The amount, formatted. */
  amount = '';
  /** Offer "try another card" (the checkout is open and the customer paid by card). */
  canTryCard = false;
  /** Offer another method (the checkout is open and has several). */
  canChooseMethod = false;

  override render() {
    const { t } = this;
    if (this.outcome === 'success') {
      return html`
        <div class="result success" part="result">
          <span class="badge" aria-hidden="true">${checkIcon}</span>
          ${this.heading(t.successHeading)}
          <p class="lead">${t.successText(this.amount)}</p>
          <p class="muted">${t.order(this.checkout.orderId)}</p>
        </div>
      `;
    }
    const open = this.checkout.status === 'OPEN';
    return html`
      <div class="result failure" part="result">
        <span class="badge" aria-hidden="true">${crossIcon}</span>
        ${this.heading(open ? t.failureHeading : t.closedHeading)}
        <p class="lead" part="failure-reason">${failureReason(t, this.checkout)}</p>
        ${
          this.canTryCard
            ? html`<button class="primary" part="button retry" type="button"
              @click=${() => this.intent({ type: 'another-card' })}>${t.tryAnotherCard}</button>`
            : nothing
        }
        ${
          this.canChooseMethod
            ? html`<button class=${this.canTryCard ? 'secondary wide' : 'primary'} part="button" type="button"
              @click=${() => this.intent({ type: 'other-method' })}>${t.otherMethod}</button>`
            : nothing
        }
      </div>
    `;
  }
}

/** Execute was sent, or the customer is back from UMF's page; the result arrives live. */
export class UmfProcessingStep extends StepElement {
  static override properties = viewProps('canChooseMethod');
  /** Offer another method (back from UMF's page: the customer may not have paid there). */
  canChooseMethod = false;

  override render() {
    return html`
      <div class="result" part="result">
        <span class="spinner large" aria-hidden="true"></span>
        ${this.heading(this.t.processingHeading)}
        <p class="lead">${this.t.processingText}</p>
        ${
          this.canChooseMethod
            ? html`<button class="secondary wide" part="button" type="button"
              @click=${() => this.intent({ type: 'other-method' })}>${this.t.otherMethod}</button>`
            : nothing
        }
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
