// Driving a mounted <umf-checkout> step by step as a customer does: choose a method and a bank,
// fill the card form, type the SMS code. Each helper waits on what the page shows (a step view,
// a control), never on a timer. Steps render into the element's shadow root.
import { waitUntil } from '@open-wc/testing';
import type { Step } from '../../../widget/flow/flow.ts';
import { PHONE, RESIDENT_ID } from './bff.ts';
import { typeInto, waitForElement } from './checkout.ts';

/** The step view's tag for each step (result and processing share a file, not a tag). */
const STEP_TAGS: Record<Exclude<Step, 'loading'>, string> = {
  method: 'umf-method-step',
  bank: 'umf-bank-step',
  card: 'umf-card-step',
  sms: 'umf-sms-step',
  processing: 'umf-processing-step',
  qr: 'umf-qr-step',
  wechat: 'umf-wechat-step',
  result: 'umf-result-step',
};

export type CardDetails = {
  cardNumber: string;
  holderName?: string;
  idNumber?: string;
  phone?: string;
  expiry?: string;
  cvv2?: string;
};

/** The element's shadow root (the steps render into it). */
export function rootOf(el: HTMLElement): ShadowRoot {
  if (!el.shadowRoot) throw new Error(`<${el.localName}> has no shadow root`);
  return el.shadowRoot;
}

/** The control matching `selector` in the element's shadow root, or a thrown error naming it. */
export function control<E extends Element = HTMLElement>(el: HTMLElement, selector: string): E {
  const found = rootOf(el).querySelector<E>(selector);
  if (!found) throw new Error(`no ${selector} in <${el.localName}>`);
  return found;
}

/** The step view on screen once it is `step`, defined (some load on demand) and rendered. */
export async function waitForStep(
  el: HTMLElement,
  step: Exclude<Step, 'loading'>,
  timeout = 10_000,
) {
  const view = await waitForElement<HTMLElement & { updateComplete: Promise<unknown> }>(
    rootOf(el),
    `${STEP_TAGS[step]}[data-step]`,
    timeout,
  );
  await customElements.whenDefined(STEP_TAGS[step]);
  await view.updateComplete;
  return view;
}

/** Waits until `read()` (e.g. an element's text) returns something truthy, and returns it. */
export async function waitFor<T>(
  read: () => T,
  message: string,
  timeout = 10_000,
): Promise<NonNullable<T>> {
  let value: T = read();
  await waitUntil(
    () => {
      value = read();
      return Boolean(value);
    },
    message,
    { timeout },
  );
  return value as NonNullable<T>;
}

/** A mainland mobile number of this test's own: the sandbox's SMS list is shared by all tests. */
export function uniquePhone(): string {
  const digits = String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
  return `139${digits}`;
}

/** Picks the bank tile (the grid loads its banks first). */
export async function chooseBank(el: HTMLElement, code = 'ICBC'): Promise<void> {
  await waitForStep(el, 'bank');
  const tile = await waitForElement<HTMLButtonElement>(rootOf(el), `button.bank[value=${code}]`);
  tile.click();
  await waitForStep(el, 'card');
}

/** Types every field of the card form (defaults: test holder, resident ID and phone). */
export async function fillCard(el: HTMLElement, card: CardDetails): Promise<void> {
  await waitForStep(el, 'card');
  const fields: [string, string | undefined][] = [
    ['cardNumber', card.cardNumber],
    ['expiry', card.expiry],
    ['cvv2', card.cvv2],
    ['holderName', card.holderName ?? '张三'],
    ['idNumber', card.idNumber ?? RESIDENT_ID],
    ['phone', card.phone ?? PHONE],
  ];
  for (const [field, value] of fields) {
    if (value !== undefined) typeInto(control<HTMLInputElement>(el, `#umf-${field}`), value);
  }
}

/** Presses the step's submit button. */
export function submit(el: HTMLElement): void {
  control<HTMLButtonElement>(el, '[data-step] button[type=submit]').click();
}

/** Fills the card form and asks for the SMS code; resolves when the SMS step is on screen. */
export async function requestSms(el: HTMLElement, card: CardDetails): Promise<void> {
  await fillCard(el, card);
  submit(el);
  await waitForStep(el, 'sms');
}

/** Types an SMS code and pays. */
export async function enterSmsCode(el: HTMLElement, code: string): Promise<void> {
  await waitForStep(el, 'sms');
  typeInto(control<HTMLInputElement>(el, '#umf-smsCode'), code);
  submit(el);
}

/** The visible text of an element, whitespace collapsed. */
export function textOf(node: Element | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
