// <umf-checkout>'s requests and side effects: it holds the flow state, turns the step views'
// intents into requests and flow actions, follows the checkout's live changes and, when the
// step changes, tells the page and moves focus. Work that changes state starts before a render
// (hostUpdate) or from an event, never from updated(): no update is scheduled by an update.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { type Api, type CheckoutError, createApi } from './api.ts';
import { checkField } from './card-fields.ts';
import { CardPayment } from './card-payment.ts';
import { type Intent, UmfErrorEvent, UmfRedirectEvent } from './events.ts';
import {
  FIELDS,
  type Field,
  type FlowAction,
  type FlowState,
  initialState,
  isFinal,
  reduce,
  type Step,
} from './flow.ts';
import { watchCheckout } from './live.ts';
import { type Locale, resolveLocale, translation } from './localize.ts';
import * as requests from './requests.ts';
import { stepEvents } from './step-events.ts';
import type { StepElement } from './steps/step-element.ts';
import { WalletPayment } from './wallet-payment.ts';
import { inWechatBrowser, openIdFrom } from './wechat.ts';

/** The element's public properties the controller reads. */
export type CheckoutHost = ReactiveControllerHost &
  HTMLElement & {
    endpoint: string;
    clientSecret: string;
    locale?: string;
    methods?: string;
    readonly hasUpdated: boolean;
    readonly renderRoot: HTMLElement | DocumentFragment;
  };

type StepView = StepElement & { focusFirstError?: () => void };

/** True while a countdown is on screen (the QR code's expiry, the SMS resend wait). */
export function countingDown(flow: FlowState): boolean {
  if (flow.step === 'qr') return true;
  return (
    flow.step === 'sms' && Boolean(flow.retryAt) && Date.parse(flow.retryAt ?? '') > Date.now()
  );
}

/**
 * Whether a field's step is on screen: a step view being replaced may still report a blur (the
 * browser fires it while the render removes the focused input), which must not change the flow.
 */
const onScreen = (flow: FlowState, field: Field) =>
  flow.step === (field === 'smsCode' ? 'sms' : 'card');

export class CheckoutController implements ReactiveController {
  /** The one source of flow state (flow.ts reduces it). */
  flow: FlowState = initialState;
  /** The live region's text. */
  announcement = '';

  private readonly host: CheckoutHost;
  private readonly card: CardPayment;
  private readonly wallet: WalletPayment;
  private live?: AbortController;
  private retryAction?: () => void;
  /** The step of the last render, and the one before it while the change is not handled yet. */
  private shown: Step = 'loading';
  private left?: Step;
  private apiFor?: { key: string; api: Api };

  constructor(host: CheckoutHost) {
    this.host = host;
    this.card = new CardPayment(this);
    this.wallet = new WalletPayment(this);
    host.addController(this);
  }

  get language(): Locale {
    return resolveLocale(
      this.host.locale,
      typeof navigator === 'undefined' ? [] : navigator.languages,
    );
  }

  get clientSecret(): string {
    return this.host.clientSecret;
  }

  /** One client per endpoint and locale (it caches the documents' hashes). */
  get api(): Api {
    const key = `${this.host.endpoint} ${this.language}`;
    if (this.apiFor?.key !== key) {
      this.apiFor = {
        key,
        api: createApi({ endpoint: this.host.endpoint, locale: this.language }),
      };
    }
    return this.apiFor.api;
  }

  dispatch(action: FlowAction) {
    this.flow = reduce(this.flow, action);
    this.host.requestUpdate();
  }

  /**
   * Clears the live region, then fills it a moment later, so a repeated message is read again.
   * A timer, not an animation frame: frames never run while the page is hidden.
   */
  announce(text: string) {
    this.announcement = '';
    this.host.requestUpdate();
    setTimeout(() => {
      this.announcement = text;
      this.host.requestUpdate();
    }, 100);
  }

  async focusFirstError() {
    await this.host.updateComplete;
    this.stepView()?.focusFirstError?.();
  }

  /** Sends the request a lost connection interrupted again. */
  retry() {
    this.retryAction?.();
  }

  /** What a step view asks for. */
  intent(intent: Intent) {
    const flow = this.flow;
    switch (intent.type) {
      case 'check': {
        if (!onScreen(flow, intent.field)) return;
        const problem = checkField(intent.field, intent.value);
        return this.dispatch({
          type: 'field',
          field: intent.field,
          error: problem ? { problem } : null,
        });
      }
      case 'input':
        if (
          onScreen(flow, intent.field) &&
          'errors' in flow &&
          flow.errors[intent.field] &&
          !checkField(intent.field, intent.value)
        )
          this.dispatch({ type: 'field', field: intent.field, error: null });
        return;
      case 'card':
        return void this.card.submit(intent.card);
      case 'sms':
        return void this.card.confirm(intent.code);
      case 'resend':
        return void this.card.sendSms();
      case 'refresh':
        return void this.wallet.startQr(true);
      case 'wechat':
        return void this.wallet.payInWechat();
      case 'retry':
        return this.retry();
      case 'choose':
        if (intent.choice === 'HOSTED') return void this.startHosted();
        return this.dispatch(intent);
      case 'back':
      case 'another-card':
        this.card.forget();
        return this.dispatch(intent);
      default:
        this.dispatch(intent);
    }
  }

  /** Sends the customer to UMF's page, to come back here; the page may go itself (umf-redirect). */
  private async startHosted() {
    const returnUrl = location.href.split('#')[0];
    const hosted = await this.run(
      () => requests.startHostedPayment(this.api, this.clientSecret, returnUrl),
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
    this.announce(error.message || translation(this.language).errors[error.code]);
  }

  offline(retry: () => void) {
    this.retryAction = retry;
    this.dispatch({ type: 'network' });
    const message = translation(this.language).network;
    this.host.dispatchEvent(new UmfErrorEvent({ code: 'NETWORK', message, field: null }));
    this.announce(message);
  }

  /** Runs a request; a CheckoutError is shown and a transport failure offers a retry. */
  async run<T>(request: () => Promise<T | CheckoutError>, retry: () => void): Promise<T | null> {
    this.dispatch({ type: 'pending' });
    try {
      const result = await request();
      if (!requests.isError(result)) return result;
      this.fail(result);
    } catch {
      this.offline(retry);
    }
    return null;
  }

  /** Loads the checkout (again) and shows the step it is in. */
  async load() {
    const { host } = this;
    this.live?.abort();
    this.flow = initialState;
    this.dispatch({ type: 'pending' });
    try {
      const result = await requests.fetchCheckout(this.api, host.clientSecret);
      if (requests.isError(result)) {
        const { code, message } = result;
        this.dispatch({ type: 'load-failed', notice: { code, message } });
        host.dispatchEvent(new UmfErrorEvent({ code, message, field: null }));
        return;
      }
      const allowed = host.methods ? host.methods.split(/[\s,]+/).filter(Boolean) : null;
      const inWechat = inWechatBrowser(navigator.userAgent);
      this.dispatch({ type: 'loaded', checkout: result, allowed, inWechat });
      this.follow();
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
        void this.wallet.payInWechat();
      }
    } catch {
      this.dispatch({ type: 'load-failed', notice: { code: 'NETWORK' } });
      const message = translation(this.language).network;
      host.dispatchEvent(new UmfErrorEvent({ code: 'NETWORK', message, field: null }));
    }
  }

  /** Subscribes to the checkout's changes until it is final. */
  private follow() {
    if (this.flow.step === 'loading' || isFinal(this.flow.checkout)) return;
    this.live?.abort();
    const live = new AbortController();
    this.live = live;
    void watchCheckout({
      endpoint: this.host.endpoint,
      locale: this.language,
      clientSecret: this.host.clientSecret,
      signal: live.signal,
      poll: async () => {
        const result = await requests.fetchCheckout(this.api, this.host.clientSecret);
        return requests.isError(result) ? null : result;
      },
      onCheckout: (checkout) => this.dispatch({ type: 'updated', checkout }),
    });
  }

  private stepView(): StepView | null {
    return this.host.renderRoot.querySelector('[data-step]');
  }

  /** Before a render: starts what the step needs, so its pending state is in this render. */
  hostUpdate() {
    const flow = this.flow;
    if (flow.step !== this.shown) {
      this.left ??= this.shown;
      this.shown = flow.step;
      if (flow.step === 'qr' && !flow.qrContent && !flow.pending) void this.wallet.startQr(false);
    }
    void this.card.loadBanks();
  }

  /** After a render: a new step tells the page and gets focus. */
  hostUpdated() {
    const previous = this.left;
    if (previous === undefined) return;
    this.left = undefined;
    void this.stepShown(previous);
  }

  private async stepShown(previous: Step) {
    const { flow, host } = this;
    if (flow.step === 'loading') return;
    for (const event of stepEvents(flow, previous)) host.dispatchEvent(event);
    if (flow.step === 'result') this.card.forget();
    const view = this.stepView();
    await view?.updateComplete;
    if (previous === 'loading') return;
    if ('errors' in flow && Object.keys(flow.errors).length && view?.focusFirstError)
      view.focusFirstError();
    else view?.focusHeading();
  }

  hostConnected() {
    const { host } = this;
    if (host.hasUpdated && host.endpoint && host.clientSecret) void this.load();
  }

  hostDisconnected() {
    this.live?.abort();
    this.card.forget();
  }
}
