// Saved-card helpers of the widget tests (saved-card*.test.ts): customers of the test's own, a
// card paid with "remember this card", the saved cards on the next checkout, the SMS code of a
// given payment. Every customer is new (one BFF serves every test file) with a phone of its own
// (the sandbox's SMS list is shared too). It re-exports support/customer.ts: a saved-card test
// imports its steps from here.
import { CARDS, newestSms, type Recording } from './bff.ts';
import { type MountOptions, mountCheckout, nextEvent } from './checkout.ts';
import {
  chooseBank,
  enterSmsCode,
  fillCard,
  rootOf,
  submit,
  uniquePhone,
  waitFor,
  waitForStep,
} from './customer.ts';

export * from './customer.ts';

let customers = 0;
/** A customer id of this test's own. */
export function newCustomer(): string {
  customers += 1;
  return `w${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}-${customers}`;
}

export type Customer = { customerId: string; phone: string };

/** A card-only checkout of this customer. */
export const mountFor = (who: Customer | null, options: MountOptions = {}) =>
  mountCheckout({
    methods: ['DEBIT_CARD'],
    amount: '10.00',
    ...(who ? { customerId: who.customerId } : {}),
    ...options,
  });

/** The operation names the page sent, in order. */
export async function operations(recording: Recording): Promise<string[]> {
  const posts = (await recording.requests()).filter((r) => r.method === 'POST');
  return posts.map((r) => JSON.parse(r.body).operationName as string);
}

/** The SendSmsCode input the page sent. */
export async function smsInput(recording: Recording): Promise<Record<string, unknown>> {
  const posts = (await recording.requests()).filter((r) => r.method === 'POST');
  const sent = posts.find((r) => JSON.parse(r.body).operationName === 'SendSmsCode');
  return JSON.parse(sent?.body ?? '{}').variables.input;
}

/** The payment of the newest SMS to `phone`, if any. */
export const newestPayment = (phone: string) =>
  newestSms(phone, { waitMs: 0 }).then(
    (sms) => sms.paymentId,
    () => null,
  );

/**
 * The code of the first SMS to `phone` for another payment than `before` (each checkout pays
 * with a payment of its own; the SMS list's times are whole seconds, too coarse to go by).
 */
export async function smsCodeAfter(phone: string, before: string | null): Promise<string> {
  return (await waitForAsync(async () => {
    const sms = await newestSms(phone).catch(() => null);
    return sms && sms.paymentId !== before ? sms.code : null;
  }, `no new SMS to ${phone}`)) as string;
}

/** Polls an async read until it is truthy. */
async function waitForAsync<T>(read: () => Promise<T>, message: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const rememberBox = (el: HTMLElement) =>
  rootOf(el).querySelector<HTMLInputElement>('#umf-remember');
export const savedButtons = (el: HTMLElement) => [
  ...rootOf(el).querySelectorAll<HTMLButtonElement>('[part~=saved-pay]'),
];

/** Types the card on a checkout of `who` (ticking "remember this card" or not) and pays it. */
export async function payByCard(who: Customer, remember: boolean, options: MountOptions = {}) {
  const mounted = await mountFor(who, { saveCard: 'ASK', ...options });
  const { el } = mounted;
  const success = nextEvent(el, 'umf-success', 20_000);
  await chooseBank(el);
  await fillCard(el, { cardNumber: CARDS.debit, phone: who.phone });
  if (remember) rememberBox(el)?.click();
  const before = await newestPayment(who.phone);
  submit(el);
  await enterSmsCode(el, await smsCodeAfter(who.phone, before));
  await success;
  return mounted;
}

/** A new customer who paid once with "remember this card" ticked. */
export async function customerWithCard(): Promise<Customer> {
  const who = { customerId: newCustomer(), phone: uniquePhone() };
  await payByCard(who, true);
  return who;
}

/** This customer's next checkout, on the method step with the saved cards rendered. */
export async function savedCardsShown(who: Customer, options: MountOptions = {}) {
  const mounted = await mountFor(who, options);
  await waitForStep(mounted.el, 'method');
  await waitFor(() => savedButtons(mounted.el).length, 'no saved card on the method step');
  return mounted;
}
