// Mounting <umf-checkout> against the real test BFF, and driving it as a customer would:
// deep queries through shadow roots, typing into native inputs, waiting for the element's
// events. The test file imports the element itself (`import '../index.ts'`).
import { fixtureCleanup, fixtureSync, html, oneEvent, waitUntil } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import { type CheckoutOptions, createCheckout, type Recording, recordingEndpoint } from './bff.ts';

export { fixtureCleanup };

export type MountOptions = CheckoutOptions & {
  /** `locale` attribute; default "en". */
  locale?: 'zh-CN' | 'en';
  /** `methods` attribute (space separated by the element). */
  methodsAttribute?: string;
  /** How long to wait for umf-ready, in ms (default 10000). */
  readyTimeoutMs?: number;
};

export type Mounted = {
  el: HTMLElement;
  clientSecret: string;
  checkoutId: string;
  /** The endpoint the element talks to: every request it sent, for wire assertions. */
  recording: Recording;
  /** umf-ready's detail ({ checkout, step }). */
  ready: unknown;
};

/**
 * Creates a checkout (merchant key, server side), mounts `<umf-checkout endpoint client-secret
 * locale>` on a recording endpoint and resolves once umf-ready fired (the first step is shown).
 */
export async function mountCheckout(options: MountOptions = {}): Promise<Mounted> {
  const { clientSecret, id } = await createCheckout(options);
  const recording = await recordingEndpoint();
  // fixtureSync: the listener is in place before the element's first request returns.
  const el = fixtureSync<HTMLElement>(html`<umf-checkout
    endpoint=${recording.endpoint}
    client-secret=${clientSecret}
    locale=${options.locale ?? 'en'}
    methods=${ifDefined(options.methodsAttribute)}
  ></umf-checkout>`);
  const ready = await withTimeout(
    oneEvent(el, 'umf-ready'),
    options.readyTimeoutMs ?? 10_000,
    'umf-ready never fired',
  );
  return { el, clientSecret, checkoutId: id, recording, ready: (ready as CustomEvent).detail };
}

/** Resolves with the next event of this type on `el` (its detail), or rejects after timeoutMs. */
export async function nextEvent<T = unknown>(
  el: EventTarget,
  type: string,
  timeoutMs = 10_000,
): Promise<T> {
  const event = await withTimeout(oneEvent(el, type), timeoutMs, `${type} never fired`);
  return (event as CustomEvent<T>).detail;
}

/** Every element matching `selector` in `root` and in every shadow root below it. */
export function deepQueryAll<E extends Element = HTMLElement>(
  root: ParentNode,
  selector: string,
): E[] {
  const found: E[] = [...root.querySelectorAll<E>(selector)];
  for (const node of root.querySelectorAll('*')) {
    if (node.shadowRoot) found.push(...deepQueryAll<E>(node.shadowRoot, selector));
  }
  if (root instanceof Element && root.shadowRoot) {
    found.push(...deepQueryAll<E>(root.shadowRoot, selector));
  }
  return [...new Set(found)];
}

/** The first element matching `selector` anywhere below `root` (shadow roots included). */
export function deepQuery<E extends Element = HTMLElement>(
  root: ParentNode,
  selector: string,
): E | null {
  return deepQueryAll<E>(root, selector)[0] ?? null;
}

/** Waits until `selector` matches below `root` (shadow roots included) and returns it. */
export async function waitForElement<E extends Element = HTMLElement>(
  root: ParentNode,
  selector: string,
  timeoutMs = 10_000,
): Promise<E> {
  await waitUntil(() => deepQuery(root, selector) !== null, `no ${selector} appeared`, {
    timeout: timeoutMs,
  });
  return deepQuery<E>(root, selector) as E;
}

/** Types into a native input as a customer does: focus, value, `input` then `change` events. */
export function typeInto(input: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  input.focus();
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: text }));
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${message} (after ${ms} ms)`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
