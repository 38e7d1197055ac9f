// <umf-checkout>'s state and intents: it holds the flow state, turns the step views' intents into
// requests (api/requests.ts) and flow actions, and follows the checkout's live changes. Work
// that changes state starts before a render (hostUpdate) or from an event, never from
// updated(): no update is scheduled by an update. Loads run as Lit's Task does: each run has its
// own AbortController, a newer run aborts the older one (whose answer is then dropped), and
// leaving the page aborts them all.
import type { ReactiveController } from 'lit';
import { type CardType, type CheckoutError, isFinal, type PaymentMethod } from '../api/client.ts';
import { type CheckoutClient, checkoutClient, isError, loadEncryption } from '../api/requests.ts';
import { type Intent, UmfErrorEvent, UmfRedirectEvent } from '../flow/events.ts';
import {
  FIELDS,
  type FlowAction,
  type FlowState,
  initialState,
  reduce,
  type Step,
} from '../flow/flow.ts';
import { parseMethods } from '../flow/methods.ts';
import { type Locale, loadTranslation, resolveLocale } from '../localize/localize.ts';
import { definePaymentSteps, defineSavedCards, defineWalletSteps } from '../steps/on-demand.ts';
import type { CardPayment } from './card-payment.ts';
import { readKey, takeFirstRead } from './first-read.ts';
import { StepController, type StepHost } from './step-controller.ts';
import type { WalletPayment } from './wallet-payment.ts';
import { inWechatBrowser, openIdFrom } from './wechat.ts';

/**
 * A payment's requests, in a chunk of their own in the ES build (the IIFE keeps them): loaded
 * once, ahead of the step that needs them or on first use; a failed load is tried again.
 */
type Lazy<T> = { now?: T; get(): Promise<T> };

function lazy<T>(load: () => Promise<T>): Lazy<T> {
  let pending: Promise<T> | undefined;
  const payment: Lazy<T> = {
    get: () =>
      (pending ??= load().then(
        (loaded) => (payment.now = loaded),
        (error: unknown) => {
          pending = undefined;
          throw error;
        },
      )),
  };
  return payment;
}

const isWallet = (choice: string) =>
  choice === 'WECHAT_SCAN' || choice === 'ALIPAY_SCAN' || choice === 'WECHAT_WEB';

type Load = () => Promise<unknown>;

/**
 * The on-demand chunks a flow uses, each with whether the step on screen shows it (loaded before
 * its render) or only a step it may lead to (loaded after the render): the card form, SMS,
 * processing and result steps with the card payment's requests once the checkout has loaded; the
 * card's encryption with the card form (a failed load is tried again when the card is sent); the
 * wallet steps and requests once a wallet is offered; the saved cards, shown on the method step.
 */
function chunksFor(flow: FlowState, card: Load, wallet: Load): [Load, boolean][] {
  const { step } = flow;
  if (step === 'loading') return [];
  const carded = step === 'card' || step === 'sms' || step === 'processing' || step === 'result';
  const chunks: [Load, boolean][] = [
    [definePaymentSteps, carded],
    [card, carded],
  ];
  if (step === 'card') chunks.push([loadEncryption, false]);
  const wallets = step === 'qr' || step === 'wechat';
  if (wallets || flow.choices.some(isWallet))
    chunks.push([defineWalletSteps, wallets], [wallet, wallets]);
  if (flow.checkout.savedCards?.length) chunks.push([defineSavedCards, step === 'method']);
  return chunks;
}

/** The element's public properties the controller reads. */
export type CheckoutHost = StepHost & {
  endpoint: string;
  clientSecret: string;
  locale?: string;
  /** Parsed by parseMethods from the attribute; a string set as a property is parsed here. */
  methods?: readonly PaymentMethod[];
  readonly hasUpdated: boolean;
};

/** True while a countdown is on screen (the QR code's expiry, the SMS resend wait). */
export function countingDown(flow: FlowState): boolean {
  if (flow.step === 'qr') return true;
  return (
    flow.step === 'sms' && Boolean(flow.retryAt) && Date.parse(flow.retryAt ?? '') > Date.now()
  );
}

export class CheckoutController implements ReactiveController {
  /** The one source of flow state (flow.ts reduces it). */
  flow: FlowState = initialState;
  /** Focus, the live region and the step events. */
  readonly steps: StepController;

  private readonly host: CheckoutHost;
  private readonly card: Lazy<CardPayment>;
  private readonly wallet: Lazy<WalletPayment>;
  private loadingBanks = new Set<CardType>();
  /** The checkout load in flight and the live updates: aborted by a newer run or a disconnect. */
  private loading?: AbortController;
  private live?: AbortController;
  private retryAction?: () => void;
  /** The step of the last render (a new one may need a request). */
  private shown: Step = 'loading';
  private clientFor?: { key: string; client: CheckoutClient };
  /** On-demand chunks (and the live updates) to start after this render (hostUpdated). */
  private readonly later = new Set<Load>();

  constructor(host: CheckoutHost) {
    this.host = host;
    host.addController(this);
    this.steps = new StepController(host, () => this.flow);
    this.card = lazy(() =>
      import('./card-payment.ts')
        .then((chunk) => chunk.CardPayment)
        .then((Payment) => new Payment(this)),
    );
    this.wallet = lazy(() =>
      import('./wallet-payment.ts')
        .then((chunk) => chunk.WalletPayment)
        .then((Payment) => new Payment(this)),
    );
  }

  get language(): Locale {
    return resolveLocale(this.host.locale);
  }

  /** One client per endpoint, locale and checkout (it caches the documents' hashes). */
  get client(): CheckoutClient {
    const { endpoint, clientSecret } = this.host;
    const locale = this.language;
    const key = readKey(endpoint, locale, clientSecret);
    if (this.clientFor?.key !== key)
      this.clientFor = { key, client: checkoutClient({ endpoint, locale, clientSecret }) };
    return this.clientFor.client;
  }

  /** Aborted by the next load and when the element leaves the page (the banks' load uses it). */
  get signal(): AbortSignal | undefined {
    return this.loading?.signal;
  }

  dispatch(action: FlowAction) {
    this.flow = reduce(this.flow, action);
    this.host.requestUpdate();
  }

  /** Sends the request a lost connection interrupted again. */
  retry() {
    this.retryAction?.();
  }

  /** What a step view asks for. */
  intent(intent: Intent) {
    switch (intent.type) {
      case 'check':
      case 'input':
        return void this.use(this.card, (card) => card.field(intent));
      case 'card':
        return void this.use(this.card, (card) => card.submit(intent.card, intent.remember));
      case 'saved-card':
        return void this.use(this.card, (card) => card.paySaved(intent.savedCardId));
      case 'remove-card':
        return void this.use(this.card, (card) => card.removeSaved(intent.savedCardId));
      case 'sms':
        return void this.use(this.card, (card) => card.confirm(intent.code));
      case 'resend':
        return void this.use(this.card, (card) => card.sendSms());
      case 'refresh':
        return void this.use(this.wallet, (wallet) => wallet.startQr(true));
      case 'wechat':
        return void this.use(this.wallet, (wallet) => wallet.payInWechat());
      case 'retry':
        return this.retry();
      case 'choose':
        if (intent.choice === 'HOSTED') return void this.startHosted();
        return this.dispatch(intent);
      case 'back':
      case 'another-card':
        this.card.now?.forget();
        return this.dispatch(intent);
      default:
        this.dispatch(intent);
    }
  }

  /** Runs `action` once its payment is loaded; a failed load shows the lost connection (retry). */
  private async use<T>(payment: Lazy<T>, action: (loaded: T) => unknown) {
    let loaded: T;
    try {
      loaded = await payment.get();
    } catch {
      return this.offline(() => void this.use(payment, action));
    }
    await action(loaded);
  }

  /** The banks of the card type on screen, once per card type. */
  private async loadBanks() {
    const flow = this.flow;
    if ((flow.step !== 'bank' && flow.step !== 'card') || flow.banks[flow.cardType]) return;
    const cardType = flow.cardType;
    if (this.loadingBanks.has(cardType)) return;
    this.loadingBanks.add(cardType);
    const { signal } = this;
    try {
      const banks = await this.client.banks(cardType, signal);
      if (!signal?.aborted) this.dispatch({ type: 'banks', cardType, banks });
    } catch {
      if (!signal?.aborted) void this.offline(() => void this.loadBanks());
    } finally {
      this.loadingBanks.delete(cardType);
    }
  }

  /** Sends the customer to UMF's page, to come back here; the page may go itself (umf-redirect). */
  private async startHosted() {
    const returnUrl = location.href.split('#')[0];
    const hosted = await this.run(
      () => this.client.startHostedPayment(returnUrl),
      () => void this.startHosted(),
    );
    const url = hosted?.redirectUrl;
    if (url && this.host.dispatchEvent(new UmfRedirectEvent({ url }))) location.assign(url);
  }

  /** Shows a typed error: on its field or above the step; tells the page. */
  private fail(error: CheckoutError) {
    this.dispatch({ type: 'failed', error });
    const field = FIELDS.find((name) => name === error.field) ?? null;
    this.host.dispatchEvent(new UmfErrorEvent({ code: error.code, message: error.message, field }));
    this.steps.announce(error.message);
  }

  async offline(retry: () => void) {
    this.retryAction = retry;
    this.dispatch({ type: 'network' });
    const message = (await loadTranslation(this.language)).network;
    this.host.dispatchEvent(new UmfErrorEvent({ code: 'NETWORK', message, field: null }));
    this.steps.announce(message);
  }

  /** Runs a request; a CheckoutError is shown and a transport failure offers a retry. */
  async run<T>(request: () => Promise<T | CheckoutError>, retry: () => void): Promise<T | null> {
    this.dispatch({ type: 'pending' });
    try {
      const result = await request();
      if (!isError(result)) return result;
      this.fail(result);
    } catch {
      await this.offline(retry).catch(() => undefined);
    }
    return null;
  }

  /** The endpoint and client secret of the last load. */
  private loaded?: string;

  /** Loads the checkout when the element names one other than the last load's. */
  loadIfChanged() {
    const { endpoint, clientSecret } = this.host;
    if (endpoint && clientSecret && this.loaded !== `${endpoint} ${clientSecret}`) void this.load();
  }

  /** Loads the checkout (again) and shows the step it is in; an older load's answer is dropped. */
  async load() {
    const { host } = this;
    this.loaded = `${host.endpoint} ${host.clientSecret}`;
    this.stop();
    const run = new AbortController();
    this.loading = run;
    this.flow = initialState;
    this.dispatch({ type: 'pending' });
    try {
      // The read the bundle sent as it started (first-read.ts), if it is this one's.
      const { endpoint, clientSecret } = host;
      const key = readKey(endpoint, this.language, clientSecret);
      const result = await (takeFirstRead(key, run.signal) ?? this.client.checkout(run.signal));
      if (run.signal.aborted) return;
      if (isError(result)) {
        const { code, message } = result;
        this.dispatch({ type: 'load-failed', notice: { code, message } });
        host.dispatchEvent(new UmfErrorEvent({ code, message, field: null }));
        return;
      }
      const methods = host.methods as unknown;
      const allowed = typeof methods === 'string' ? parseMethods(methods) : host.methods;
      const inWechat = inWechatBrowser(navigator.userAgent);
      this.dispatch({ type: 'loaded', checkout: result, allowed: allowed ?? null, inWechat });
      // The live updates start after the first view is rendered (their first event is the
      // checkout as it is then, so nothing in between is missed).
      this.later.add(this.follow);
      // Back from WeChat's authorisation page with an open_id: carry on with the payment.
      const flow = this.flow;
      if (
        inWechat &&
        openIdFrom(location.href) &&
        flow.step !== 'loading' &&
        flow.checkout.status === 'OPEN' &&
        flow.choices.includes('WECHAT_WEB')
      ) {
        this.dispatch({ type: 'choose', choice: 'WECHAT_WEB' });
        void this.use(this.wallet, (wallet) => wallet.payInWechat());
      }
    } catch {
      if (run.signal.aborted) return;
      this.dispatch({ type: 'load-failed', notice: { code: 'NETWORK' } });
      const message = (await loadTranslation(this.language).catch(() => null))?.network ?? '';
      host.dispatchEvent(new UmfErrorEvent({ code: 'NETWORK', message, field: null }));
    }
  }

  /** Subscribes to the checkout's changes until it is final. */
  private readonly follow = async () => {
    if (this.flow.step === 'loading' || isFinal(this.flow.checkout)) return;
    this.live?.abort();
    const live = new AbortController();
    this.live = live;
    void this.client.watch(live.signal, (checkout) => this.dispatch({ type: 'updated', checkout }));
  };

  /** Aborts the load in flight and the live updates. */
  private stop() {
    this.loading?.abort();
    this.live?.abort();
  }

  /** Before a render: starts what a new step needs, so its pending state is in this render. */
  hostUpdate() {
    const flow = this.flow;
    for (const [load, now] of chunksFor(flow, this.card.get, this.wallet.get)) {
      if (now) void load().catch(() => undefined);
      else this.later.add(load);
    }
    if (flow.step !== this.shown) {
      this.shown = flow.step;
      if (flow.step === 'qr' && !flow.qrContent && !flow.pending)
        void this.use(this.wallet, (wallet) => wallet.startQr(false));
      if (flow.step === 'result') this.card.now?.forget();
    }
    void this.loadBanks();
  }

  /**
   * After a render: the chunks of the steps this one may lead to, and the live updates of a
   * checkout just loaded, start a task later (after this render's umf-ready or umf-step), so the
   * view on screen does not wait for them.
   */
  hostUpdated() {
    if (!this.later.size) return;
    const later = [...this.later];
    this.later.clear();
    setTimeout(() => {
      for (const load of later) void load().catch(() => undefined);
    });
  }

  /**
   * Connected (or moved; the element calls it first thing in connectedCallback, before its shadow
   * root and styles are built): the checkout's request starts now, then the locale's texts are
   * asked for, both loading side by side.
   */
  connect() {
    const { host } = this;
    if (host.endpoint && host.clientSecret) void this.load();
    // Their arrival updates the element: the loading frame, built before them, shows.
    loadTranslation(this.language).then(
      () => host.requestUpdate(),
      () => undefined,
    );
    this.page = host.ownerDocument.defaultView ?? undefined;
    this.page?.addEventListener('pagehide', this.onPageHide);
    this.page?.addEventListener('pageshow', this.onPageShow);
  }

  /** The window whose page-lifecycle events the element follows (its document's). */
  private page?: Window;

  /**
   * The page is left: unloaded, put in the back-forward cache, or its frame removed (the element
   * then never hears it was disconnected). The load and the live updates end here, so no stream
   * is left open behind a page that is gone.
   */
  private readonly onPageHide = () => this.stop();

  /** Back from the back-forward cache: the checkout is loaded and followed again. */
  private readonly onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted && this.host.isConnected) void this.load();
  };

  hostDisconnected() {
    this.stop();
    this.card.now?.forget();
    this.page?.removeEventListener('pagehide', this.onPageHide);
    this.page?.removeEventListener('pageshow', this.onPageShow);
    this.page = undefined;
  }
}
