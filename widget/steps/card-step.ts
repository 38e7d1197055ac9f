import { html, nothing } from 'lit';
import type { CardInput, CardType } from '../api/client.ts';
import { reformat } from '../flow/card-fields.ts';
import type { Field, FieldErrors } from '../flow/flow.ts';
import { cardIcon, lockIcon } from '../ui/icons.ts';
import { describedBy, fieldError, mainButton, StepElement, viewProps } from './step-element.ts';

type InputSpec = {
  autocomplete: string;
  inputmode: string;
  type?: string;
  placeholder?: string;
  hint?: string;
  half?: boolean;
};

const SPECS: Record<keyof CardInput, InputSpec> = {
  cardNumber: {
    autocomplete: 'cc-number',
    inputmode: 'numeric',
    placeholder: '6222 0000 0000 0000',
  },
  expiry: { autocomplete: 'cc-exp', inputmode: 'numeric', placeholder: 'MM/YY', half: true },
  cvv2: {
    autocomplete: 'cc-csc',
    inputmode: 'numeric',
    placeholder: '123',
    hint: 'umf-cvv2-hint',
    half: true,
  },
  holderName: { autocomplete: 'cc-name', inputmode: 'text' },
  idNumber: { autocomplete: 'off', inputmode: 'text' },
  phone: { autocomplete: 'tel', inputmode: 'tel', type: 'tel' },
};

const fieldOf = (target: EventTarget | null) =>
  target instanceof HTMLInputElement && target.name in SPECS ? (target.name as Field) : null;

/** The card form: number, holder, resident ID, phone; expiry and CVV2 for credit cards. */
export class UmfCardStep extends StepElement {
  static override properties = viewProps(
    'cardType',
    'bankName',
    'errors',
    'pending',
    'resume',
    'saveCard',
  );
  /** Credit or debit: credit cards also ask for expiry and CVV2. */
  cardType: CardType = 'DEBIT_CARD';
  /** The chosen bank's name in the customer's language. */
  bankName = '';
  /** Field errors to show (client validation or the server's). */
  errors: FieldErrors = {};
  /** A request is in flight. */
  pending = false;
  /** The page was reloaded after the SMS code was sent: the card must be typed again. */
  resume = false;
  /** Whether to offer "remember this card" (ASK, unticked), say it will be saved (ALWAYS), or neither. */
  saveCard: 'NEVER' | 'ASK' | 'ALWAYS' = 'NEVER';

  private onInput(event: Event) {
    const input = event.target as HTMLInputElement;
    const field = fieldOf(input);
    if (!field) return;
    reformat(input, field);
    this.intent({ type: 'input', field, value: input.value });
  }

  private onBlur(event: FocusEvent) {
    const input = event.target as HTMLInputElement;
    const field = fieldOf(input);
    // An untouched empty field is not an error until the form is submitted.
    if (field && input.value) this.intent({ type: 'check', field, value: input.value });
  }

  private onSubmit(event: SubmitEvent) {
    event.preventDefault();
    if (this.pending) return;
    const data = new FormData(event.target as HTMLFormElement);
    const value = (name: keyof CardInput) => String(data.get(name) ?? '');
    const card: CardInput = {
      cardNumber: value('cardNumber'),
      holderName: value('holderName'),
      idNumber: value('idNumber'),
      phone: value('phone'),
    };
    if (this.cardType === 'CREDIT_CARD') {
      card.expiry = value('expiry');
      card.cvv2 = value('cvv2');
    }
    this.intent({ type: 'card', card, remember: data.get('remember') === 'on' });
  }

  /** Focuses the first field with an error (after a refused submit). */
  focusFirstError() {
    this.querySelector<HTMLInputElement>('input[aria-invalid="true"]')?.focus();
  }

  private renderField(field: keyof CardInput) {
    const spec = SPECS[field];
    const terms = this.t.fields[field];
    const invalid = Boolean(this.errors[field]);
    return html`
      <div class="field ${spec.half ? 'half' : ''}" part="field">
        <label for="umf-${field}" part="label">${terms.label}</label>
        <div class="control ${field === 'cardNumber' ? 'with-icon' : ''}">
          ${field === 'cardNumber' ? cardIcon : nothing}
          <input id="umf-${field}" name=${field} part="input" type=${spec.type ?? 'text'}
            inputmode=${spec.inputmode} autocomplete=${spec.autocomplete} placeholder=${spec.placeholder ?? nothing}
            autocapitalize=${field === 'idNumber' ? 'characters' : 'off'} spellcheck="false" autocorrect="off"
            enterkeyhint=${field === 'phone' ? 'send' : 'next'}
            aria-invalid=${invalid} aria-describedby=${describedBy(this.errors, field, spec.hint)} />
        </div>
        ${spec.hint ? html`<p class="hint" id=${spec.hint}>${this.t.cvv2Hint}</p>` : nothing}
        ${fieldError(this.t, this.errors, field)}
      </div>
    `;
  }

  override render() {
    const { t } = this;
    const credit = this.cardType === 'CREDIT_CARD';
    return html`
      ${this.heading(t.cardHeading)}
      <div class="chosen" part="chosen-bank">
        <span class="chosen-name"><strong>${this.bankName}</strong> · ${credit ? t.credit : t.debit}</span>
        <button type="button" class="link" @click=${() => this.intent({ type: 'back' })}>${t.change}</button>
      </div>
      ${this.resume ? html`<p class="note" part="note">${t.resumeNote}</p>` : nothing}
      <form part="form" novalidate @input=${this.onInput} @focusout=${this.onBlur}
        @submit=${this.onSubmit} aria-busy=${this.pending}>
        ${this.renderField('cardNumber')}
        ${credit ? html`<div class="row">${this.renderField('expiry')}${this.renderField('cvv2')}</div>` : nothing}
        ${this.renderField('holderName')} ${this.renderField('idNumber')} ${this.renderField('phone')}
        ${
          this.saveCard === 'ASK'
            ? html`<label class="remember" part="remember"><input type="checkbox" name="remember" id="umf-remember" />${t.saved.remember}</label>`
            : this.saveCard === 'ALWAYS'
              ? html`<p class="note" part="note">${t.saved.willSave}</p>`
              : nothing
        }
        ${mainButton(this.pending, this.resume ? t.continue : t.getCode)}
        <p class="secure" part="secure-note">${lockIcon}${t.encryptedNote}</p>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'umf-card-step': UmfCardStep;
  }
}
