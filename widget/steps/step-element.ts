// The base of the step views: rendered into <umf-checkout>'s shadow root (no shadow root of
// their own), so one stylesheet, one set of ids for aria-describedby and one set of ::part names
// serve every step. Props in, intents out; a step keeps no state of its own.
import { html, LitElement, nothing, type PropertyDeclarations } from 'lit';
import { type Intent, IntentEvent } from '../flow/events.ts';
import type { Field, FieldErrors } from '../flow/flow.ts';
import { fieldMessage, type TextField, type Translation } from '../localize/localize.ts';
import { chevronIcon, spinner } from '../ui/icons.ts';

/**
 * A step's reactive properties: each set by the element's template (`.name=${…}`), none read
 * from an attribute. Declared as Lit's static `properties` rather than with decorators, so the
 * bundle carries neither the decorator runtime nor a call per property.
 */
export const viewProps = (...names: string[]): PropertyDeclarations =>
  Object.fromEntries(names.map((name) => [name, { attribute: false }]));

export abstract class StepElement extends LitElement {
  static override properties = viewProps('t');
  /** The strings of the customer's locale. */
  t!: Translation;

  protected override createRenderRoot() {
    return this;
  }

  protected intent(intent: Intent) {
    this.dispatchEvent(new IntentEvent('intent', intent));
  }

  /** Focuses the step's heading (the element calls it when the step appears). */
  focusHeading() {
    this.querySelector<HTMLElement>('[data-heading]')?.focus();
  }

  protected heading(text: string) {
    return html`<h2 class="heading" part="heading" tabindex="-1" data-heading>${text}</h2>`;
  }
}

/** The error line under a field, or nothing; its id is the input's aria-describedby target. */
export function fieldError(t: Translation, errors: FieldErrors, field: TextField) {
  const error = errors[field];
  if (!error) return nothing;
  const text = 'message' in error ? error.message : fieldMessage(t, field, error.problem);
  return html`<p class="error" part="error" id="umf-${field}-error">${errorIcon}${text}</p>`;
}

const errorIcon = html`<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="7" /><path d="M8 4.5v4M8 11v.5" /></svg>`;

/** Attributes of an input tied to its error: aria-invalid and aria-describedby. */
export function describedBy(errors: FieldErrors, field: Field, hint?: string) {
  const ids = [errors[field] ? `umf-${field}-error` : '', hint ?? ''].filter(Boolean).join(' ');
  return ids || nothing;
}

/**
 * A step's main button. While a request is in flight it shows the spinner and says so with
 * aria-disabled rather than disabled, so it keeps focus; a click then does nothing (the
 * step's handler checks `pending`). Without `click` it submits the step's form.
 */
export const mainButton = (pending: boolean, label: string, click?: () => void, kind = '') =>
  html`<button class="primary ${kind}" part="button submit" type=${click ? 'button' : 'submit'}
    aria-disabled=${pending} @click=${click}>${pending ? spinner : nothing}${label}</button>`;

/** What a payment-method button shows (a saved card's too): icon, name and hint, a chevron. */
export const methodContent = (icon: unknown, name: string, hint: string, card = true) => html`
  <span class="method-icon ${card ? 'card' : ''}">${icon}</span>
  <span class="method-text">
    <span class="method-name">${name}</span>
    <span class="method-hint">${hint}</span>
  </span>
  <span class="chevron">${chevronIcon}</span>`;
