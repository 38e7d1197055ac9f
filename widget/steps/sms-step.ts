import { html, type PropertyValues } from 'lit';
import { reformat } from '../flow/card-fields.ts';
import type { FieldErrors } from '../flow/flow.ts';
import { describedBy, fieldError, mainButton, StepElement, viewProps } from './step-element.ts';

/** Seconds until `retryAt` (0 when it has passed or is unknown). */
export function secondsUntil(retryAt: string | null, now: number): number {
  if (!retryAt) return 0;
  return Math.max(0, Math.ceil((Date.parse(retryAt) - now) / 1000));
}

/** The one-time code: 6 digits (paste friendly), resend with a countdown, pay. */
export class UmfSmsStep extends StepElement {
  static override properties = viewProps('phone', 'retryAt', 'now', 'amount', 'errors', 'pending');
  /** The masked phone the code went to. */
  phone = '';
  /** When another code may be asked for (the server says). */
  retryAt: string | null = null;
  /** The current time in ms (the element ticks it while a countdown runs). */
  now = 0;
  /** The amount to pay, formatted. */
  amount = '';
  /** Field errors to show. */
  errors: FieldErrors = {};
  /** A request is in flight. */
  pending = false;

  private onInput(event: Event) {
    const input = event.target as HTMLInputElement;
    reformat(input, 'smsCode');
    this.intent({ type: 'input', field: 'smsCode', value: input.value });
  }

  private onSubmit(event: SubmitEvent) {
    event.preventDefault();
    if (this.pending) return;
    const code = String(new FormData(event.target as HTMLFormElement).get('smsCode') ?? '');
    this.intent({ type: 'sms', code });
  }

  /** Focuses the code input (after a rejected code). */
  focusFirstError() {
    this.querySelector<HTMLInputElement>('#umf-smsCode')?.focus();
  }

  /**
   * The bank refused the code: it must be typed again, so the field is emptied. A lost connection
   * sets no field error, so the digits stay and the customer can simply try again. Only a new
   * refusal empties it: the countdown's ticks re-render too, while the new code is typed.
   */
  protected override updated(changed: PropertyValues<this>) {
    const refused = this.errors.smsCode;
    if (!changed.has('errors') || !refused || !('message' in refused)) return;
    if (changed.get('errors')?.smsCode === refused) return;
    const input = this.querySelector<HTMLInputElement>('#umf-smsCode');
    if (input) input.value = '';
  }

  override render() {
    const { t } = this;
    const wait = secondsUntil(this.retryAt, this.now);
    const invalid = Boolean(this.errors.smsCode);
    return html`
      ${this.heading(t.smsHeading)}
      <p class="lead" id="umf-sms-sent">${t.smsSentTo(this.phone)}</p>
      <form part="form" novalidate @submit=${this.onSubmit} aria-busy=${this.pending}>
        <div class="field" part="field">
          <label for="umf-smsCode" part="label">${t.fields.smsCode.label}</label>
          <input id="umf-smsCode" name="smsCode" class="code" part="input code" type="text" inputmode="numeric"
            autocomplete="one-time-code" enterkeyhint="done" spellcheck="false" placeholder="······"
            aria-invalid=${invalid} aria-describedby=${describedBy(this.errors, 'smsCode', 'umf-sms-sent')}
            @input=${this.onInput} />
          ${fieldError(t, this.errors, 'smsCode')}
          <button type="button" class="link resend" part="button resend" ?disabled=${wait > 0 || this.pending}
            @click=${() => this.intent({ type: 'resend' })}>
            ${wait > 0 ? t.resendIn(wait) : t.resend}
          </button>
        </div>
        ${mainButton(this.pending, t.pay(this.amount))}
        <button type="button" class="link center" @click=${() => this.intent({ type: 'back' })}>${t.tryAnotherCard}</button>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'umf-sms-step': UmfSmsStep;
  }
}
