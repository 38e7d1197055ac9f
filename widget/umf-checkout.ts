import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { type Api, type Checkout, type CheckoutError, createApi } from './api.ts';
import { checkCard, checkField } from './card-fields.ts';
import {
  type CardInput,
  type CheckoutSummary,
  type Intent,
  type IntentEvent,
  UmfErrorEvent,
  UmfFailureEvent,
  UmfReadyEvent,
  UmfStepEvent,
  UmfSuccessEvent,
} from './events.ts';
import {
  FIELDS,
  type FlowAction,
  type FlowState,
  initialState,
  isFinal,
  reduce,
  type Step,
} from './flow.ts';
import { backIcon, lockIcon } from './icons.ts';
import { watchCheckout } from './live.ts';
import { type Locale, resolveLocale, translation } from './localize.ts';
import * as requests from './requests.ts';
import type { StepElement } from './steps/step-element.ts';
import { styles } from './umf-checkout.styles.ts';
import { renderHeader, renderLoading, renderNotice, renderStep } from './umf-checkout.view.ts';
import { validateSmsCode } from './validate.ts';
import { inWechatBrowser, openIdFrom, requestWechatPayment, returnUrlFrom } from './wechat.ts';

const summary = (c: Checkout): CheckoutSummary => ({
  id: c.id,
  orderId: c.orderId,
  status: c.status,
  amount: c.amount,
  amountCny: c.amountCny,
});

/**
 * @tag umf-checkout
 * @summary Takes a CNY payment through UMF: bank card with an SMS code, WeChat Pay or Alipay.
 *
 * Give it the BFF's GraphQL endpoint and the checkout's client secret; it loads the checkout and
 * shows the step it is in (a reload resumes mid-flow). Card fields are encrypted on the page;
 * nothing card-related is stored.
 *
 * @event umf-ready - The checkout loaded. `detail: { checkout: CheckoutSummary, step: Step }`.
 * @event umf-step - Another step is shown. `detail: { step: Step, previous: Step }`; steps:
 *   loading, method, bank, card, sms, processing, qr, wechat, result.
 * @event umf-success - The payment succeeded. `detail: { checkout: CheckoutSummary }`.
 * @event umf-failure - An attempt failed or the checkout ended unpaid.
 *   `detail: { checkout: CheckoutSummary, code: ErrorCode | null, message: string | null, canRetry: boolean }`.
 * @event umf-error - An error was shown. `detail: { code: ErrorCode | 'NETWORK', message: string, field: Field | null }`.
 *
 * `CheckoutSummary` is `{ id, orderId, status, amount: { amount, currency }, amountCny }`.
 *
 * @csspart base - The outer box.
 * @csspart header - The order summary: description, amount, conversion, items.
 * @csspart amount - The amount due (CNY).
 * @csspart converted - The amount in the checkout's currency and the rate.
 * @csspart items - The order's line items.
 * @csspart body - The current step.
 * @csspart back - The back button.
 * @csspart notice - An error message above the step.
 * @csspart heading - Each step's heading.
 * @csspart form - Each step's form.
 * @csspart method - A payment-method button.
 * @csspart card-type - The credit/debit switch.
 * @csspart search - The bank search input.
 * @csspart bank-grid - The bank tiles.
 * @csspart bank - One bank tile.
 * @csspart chosen-bank - The chosen bank above the card form.
 * @csspart field - A label, its input and its messages.
 * @csspart label - A field's label.
 * @csspart input - Every text input.
 * @csspart code - The SMS code input.
 * @csspart error - A field's error message.
 * @csspart button - Every button.
 * @csspart submit - The step's main button.
 * @csspart resend - The resend-code button.
 * @csspart retry - The try-another-card button.
 * @csspart retry-request - The try-again button after a lost connection.
 * @csspart refresh - The new-QR-code button.
 * @csspart result - The result (or processing) panel.
 * @csspart failure-reason - Why the payment failed.
 * @csspart qr - The QR code.
 * @csspart qr-status - The QR payment's live status.
 * @csspart countdown - The QR code's expiry countdown.
 * @csspart secure-note - The encryption note under the card form.
 * @csspart footer - The footer.
 *
 * @cssproperty [--umf-color-primary=#1d4ed8] - Buttons, focus, selection.
 * @cssproperty [--umf-color-on-primary=#ffffff] - Text on the primary colour.
 * @cssproperty [--umf-color-text=#1a2233] - Text.
 * @cssproperty [--umf-color-muted=#525c72] - Secondary text.
 * @cssproperty [--umf-color-background=#ffffff] - The box.
 * @cssproperty [--umf-color-surface=#f5f7fa] - The header and quiet areas.
 * @cssproperty [--umf-color-border=#dde2ea] - Dividers and tiles.
 * @cssproperty [--umf-color-input-border=#7b8597] - Input borders (3:1 against the background).
 * @cssproperty [--umf-color-danger=#b42318] - Errors.
 * @cssproperty [--umf-color-success=#067647] - Success.
 * @cssproperty [--umf-radius=8px] - Corner radius of inputs and buttons (the box uses 1.5×).
 * @cssproperty [--umf-font-family=system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif] - Font.
 * @cssproperty [--umf-font-size=16px] - Base font size (inputs never go below 16px).
 * @cssproperty [--umf-max-width=28rem] - The box's maximum width.
 */
export class UmfCheckout extends LitElement {
  static override styles = styles;

  @state() private flow: FlowState = initialState;
  @state() private now = Date.now();
  @state() private announcement = '';

  /** The BFF's GraphQL endpoint, e.g. https://pay.example.com/graphql. */
  @property() endpoint = '';
  /** The checkout's client secret (cs_…), from the merchant's backend. */
  @property({ attribute: 'client-secret' }) clientSecret = '';
  /** zh-CN or en; by default zh-CN in a Chinese browser, else en. */
  @property() locale?: string;
  /** Optional subset of the checkout's methods, space or comma separated (e.g. "DEBIT_CARD WECHAT_SCAN"). */
  @property() methods?: string;

  /** The card as typed, kept in memory only between the SMS request and confirm. */
  private card: CardInput | null = null;
  private live?: AbortController;
  private ticker?: ReturnType<typeof setInterval>;
  private retryAction?: () => void;
  private loadingBanks = new Set<string>();
  private shown: Step = 'loading';
  private apiFor?: { key: string; api: Api };

  private get language(): Locale {
    return resolveLocale(this.locale, typeof navigator === 'undefined' ? [] : navigator.languages);
  }

  /** One client per endpoint and locale (it caches the documents' hashes). */
  private get api(): Api {
    const key = `${this.endpoint} ${this.language}`;
    if (this.apiFor?.key !== key) {
      this.apiFor = { key, api: createApi({ endpoint: this.endpoint, locale: this.language }) };
    }
    return this.apiFor.api;
  }

  private dispatch(action: FlowAction) {
    this.flow = reduce(this.flow, action);
  }

  /**
   * Clears the live region, then fills it a moment later, so a repeated message is read again.
   * A timer, not an animation frame: frames never run while the page is hidden.
   */
  private announce(text: string) {
    this.announcement = '';
    setTimeout(() => {
      this.announcement = text;
    }, 100);
  }

  private emit(event: Event) {
    this.dispatchEvent(event);
  }

  private retry = () => this.retryAction?.();
  private reload = () => void this.load();

  private goBack = () => {
    this.card = null;
    this.dispatch({ type: 'back' });
  };

  private onIntent = (event: IntentEvent<Intent>) => {
    const intent = event.detail;
    const flow = this.flow;
    switch (intent.type) {
      case 'check': {
        const problem = checkField(intent.field, intent.value);
        this.dispatch({ type: 'field', field: intent.field, error: problem ? { problem } : null });
        return;
      }
      case 'input':
        if (
          'errors' in flow &&
          flow.errors[intent.field] &&
          !checkField(intent.field, intent.value)
        )
          this.dispatch({ type: 'field', field: intent.field, error: null });
        return;
      case 'card':
        return void this.submitCard(intent.card);
      case 'sms':
        return void this.confirm(intent.code);
      case 'resend':
        return void this.sendSms();
      case 'refresh':
        return void this.startQr(true);
      case 'wechat':
        return void this.payInWechat();
      case 'retry':
        return this.retryAction?.();
      case 'back':
      case 'another-card':
        this.card = null;
        return this.dispatch(intent);
      default:
        this.dispatch(intent);
    }
  };

  /** Shows a typed error: on its field or above the step; tells the page. */
  private fail(error: CheckoutError) {
    this.dispatch({ type: 'failed', error });
    const field = FIELDS.find((name) => name === error.field) ?? null;
    this.emit(new UmfErrorEvent({ code: error.code, message: error.message, field }));
    this.announce(error.message || translation(this.language).errors[error.code]);
  }

  private offline(retry: () => void) {
    this.retryAction = retry;
    this.dispatch({ type: 'network' });
    const message = translation(this.language).network;
    this.emit(new UmfErrorEvent({ code: 'NETWORK', message, field: null }));
    this.announce(message);
  }

  /** Runs a request; a CheckoutError is shown and a transport failure offers a retry. */
  private async run<T>(
    request: () => Promise<T | CheckoutError>,
    retry: () => void,
  ): Promise<T | null> {
    this.dispatch({ type: 'pending' });
    try {
      const result = await request();
      if (requests.isError(result)) {
        this.fail(result);
        return null;
      }
      return result;
    } catch {
      this.offline(retry);
      return null;
    }
  }

  private async load() {
    this.live?.abort();
    this.flow = initialState;
    this.dispatch({ type: 'pending' });
    try {
      const result = await requests.fetchCheckout(this.api, this.clientSecret);
      if (requests.isError(result)) {
        this.dispatch({
          type: 'load-failed',
          notice: { code: result.code, message: result.message },
        });
        this.emit(new UmfErrorEvent({ code: result.code, message: result.message, field: null }));
        return;
      }
      const allowed = this.methods ? this.methods.split(/[\s,]+/).filter(Boolean) : null;
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
        void this.payInWechat();
      }
    } catch {
      this.dispatch({ type: 'load-failed', notice: { code: 'NETWORK' } });
      this.emit(
        new UmfErrorEvent({
          code: 'NETWORK',
          message: translation(this.language).network,
          field: null,
        }),
      );
    }
  }

  /** Subscribes to the checkout's changes until it is final. */
  private follow() {
    if (this.flow.step === 'loading' || isFinal(this.flow.checkout)) return;
    this.live?.abort();
    const live = new AbortController();
    this.live = live;
    void watchCheckout({
      endpoint: this.endpoint,
      locale: this.language,
      clientSecret: this.clientSecret,
      signal: live.signal,
      poll: async () => {
        const result = await requests.fetchCheckout(this.api, this.clientSecret);
        return requests.isError(result) ? null : result;
      },
      onCheckout: (checkout) => this.dispatch({ type: 'updated', checkout }),
    });
  }

  private async submitCard(card: CardInput) {
    const flow = this.flow;
    if (flow.step !== 'card') return;
    const errors = checkCard(card, flow.cardType);
    const count = Object.keys(errors).length;
    if (count) {
      this.dispatch({ type: 'invalid', errors });
      this.announce(translation(this.language).fixFields(count));
      await this.updateComplete;
      this.stepView()?.focusFirstError?.();
      return;
    }
    this.card = card;
    const resume = flow.resume;
    const masked = card.phone.replace(/\D/g, '').replace(/^(86)?(\d{3})\d{4}(\d{4})$/, '$2****$3');
    if (resume && resume.phone === masked)
      return this.dispatch({ type: 'resume-sms', attempt: resume });
    await this.sendSms();
  }

  private async sendSms() {
    const flow = this.flow;
    const card = this.card;
    if ((flow.step !== 'card' && flow.step !== 'sms') || !card || !flow.bankCode) return;
    const request = {
      clientSecret: this.clientSecret,
      checkout: flow.checkout,
      method: flow.cardType,
      bankCode: flow.bankCode,
      card,
    };
    const sent = await this.run(
      () => requests.sendSmsCode(this.api, request),
      () => void this.sendSms(),
    );
    if (!sent) return;
    this.dispatch({
      type: 'sms-sent',
      checkout: sent.checkout,
      attemptId: sent.attempt.id,
      retryAt: sent.retryAt,
    });
  }

  private async confirm(smsCode: string) {
    const flow = this.flow;
    if (flow.step !== 'sms') return;
    const problem = validateSmsCode(smsCode);
    if (problem || !this.card) {
      this.dispatch({ type: 'invalid', errors: { smsCode: { problem: problem ?? 'required' } } });
      this.announce(
        translation(this.language).fields.smsCode[problem === 'format' ? 'invalid' : 'required'],
      );
      return;
    }
    const request = {
      clientSecret: this.clientSecret,
      checkout: flow.checkout,
      attemptId: flow.attemptId,
      card: this.card,
      smsCode,
    };
    const confirmed = await this.run(
      () => requests.confirmPayment(this.api, request),
      () => void this.confirm(smsCode),
    );
    if (confirmed) this.dispatch({ type: 'updated', checkout: confirmed.checkout, settled: true });
    else if (this.flow.step === 'sms') {
      await this.updateComplete;
      this.stepView()?.focusFirstError?.();
    }
  }

  private async startQr(refresh: boolean) {
    const flow = this.flow;
    if (flow.step !== 'qr') return;
    const { method } = flow;
    const qr = await this.run(
      () => requests.startQrPayment(this.api, this.clientSecret, method, refresh),
      () => void this.startQr(refresh),
    );
    if (qr)
      this.dispatch({
        type: 'qr',
        checkout: qr.checkout,
        method,
        qrContent: qr.qrContent,
        expiresAt: qr.expiresAt,
      });
  }

  /** Inside WeChat: learn the open_id (a round trip through WeChat), then show the payment sheet. */
  private async payInWechat() {
    const openId = openIdFrom(location.href);
    const retry = () => void this.payInWechat();
    if (!openId) {
      const url = await this.run(
        () =>
          requests.wechatAuthorizeUrl(this.api, this.clientSecret, returnUrlFrom(location.href)),
        retry,
      );
      if (url) location.assign(url.data);
      return;
    }
    const payment = await this.run(
      () => requests.startWechatPayment(this.api, this.clientSecret, openId),
      retry,
    );
    if (!payment) return;
    this.dispatch({ type: 'updated', checkout: payment.checkout });
    const outcome = await requestWechatPayment(payment.payParams);
    if (outcome === 'cancel')
      this.dispatch({ type: 'notice', notice: { code: 'WECHAT_CANCELED' } });
    else if (outcome === 'fail')
      this.dispatch({ type: 'notice', notice: { code: 'PAYMENT_FAILED' } });
    // ok: the result arrives through the subscription; the button stays busy until then.
  }

  private async loadBanks() {
    const flow = this.flow;
    if ((flow.step !== 'bank' && flow.step !== 'card') || flow.banks[flow.cardType]) return;
    const cardType = flow.cardType;
    if (this.loadingBanks.has(cardType)) return;
    this.loadingBanks.add(cardType);
    try {
      this.dispatch({
        type: 'banks',
        cardType,
        banks: await requests.fetchBanks(this.api, cardType),
      });
    } catch {
      this.offline(() => void this.loadBanks());
    } finally {
      this.loadingBanks.delete(cardType);
    }
  }

  private stepView(): (StepElement & { focusFirstError?: () => void }) | null {
    return this.renderRoot.querySelector('[data-step]');
  }

  /** Steps change: tell the page, move focus to the new heading, start what the step needs. */
  private async stepChanged(previous: Step) {
    const flow = this.flow;
    if (flow.step === 'loading') return;
    if (previous === 'loading')
      this.emit(new UmfReadyEvent({ checkout: summary(flow.checkout), step: flow.step }));
    else this.emit(new UmfStepEvent({ step: flow.step, previous }));
    if (flow.step === 'result') this.ended(flow);
    if (flow.step === 'qr' && !flow.qrContent && !flow.pending) void this.startQr(false);
    const view = this.stepView();
    await view?.updateComplete;
    if (previous === 'loading') return;
    if ('errors' in flow && Object.keys(flow.errors).length && view?.focusFirstError)
      view.focusFirstError();
    else view?.focusHeading();
  }

  private ended(flow: Extract<FlowState, { step: 'result' }>) {
    this.card = null;
    const checkout = summary(flow.checkout);
    if (flow.outcome === 'success') return this.emit(new UmfSuccessEvent({ checkout }));
    const attempt = flow.checkout.attempt;
    this.emit(
      new UmfFailureEvent({
        checkout,
        code: attempt?.failureCode ?? null,
        message: attempt?.failureMessage ?? null,
        canRetry: flow.checkout.status === 'OPEN',
      }),
    );
  }

  /** A one-second clock while a countdown is on screen. */
  private tick() {
    const flow = this.flow;
    const counting =
      flow.step === 'qr' ||
      (flow.step === 'sms' && flow.retryAt && Date.parse(flow.retryAt) > Date.now());
    if (counting && !this.ticker) {
      this.now = Date.now();
      this.ticker = setInterval(() => {
        this.now = Date.now();
      }, 1000);
    } else if (!counting && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  override connectedCallback() {
    super.connectedCallback();
    if (this.hasUpdated && this.endpoint && this.clientSecret) void this.load();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.live?.abort();
    clearInterval(this.ticker);
    this.ticker = undefined;
    this.card = null;
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (
      (changed.has('endpoint') || changed.has('clientSecret')) &&
      this.endpoint &&
      this.clientSecret
    ) {
      void this.load();
    }
  }

  protected override updated() {
    const step = this.flow.step;
    if (step !== this.shown) {
      const previous = this.shown;
      this.shown = step;
      void this.stepChanged(previous);
    }
    void this.loadBanks();
    this.tick();
  }

  private renderBack(t: ReturnType<typeof translation>) {
    const flow = this.flow;
    const step = flow.step;
    const several = 'choices' in flow && flow.choices.length > 1;
    const can = (step === 'bank' || step === 'qr' || step === 'wechat') && several;
    if (!can || ('pending' in flow && flow.pending && step !== 'qr')) return nothing;
    return html`<button type="button" class="back" part="back button" @click=${this.goBack}>
      ${backIcon}${t.back}
    </button>`;
  }

  override render() {
    const t = translation(this.language);
    return html`
      <section class="base" part="base" lang=${this.language} aria-label=${t.region}>
        ${renderHeader(this.flow, t, this.language)}
        <div class="body" part="body">
          ${this.renderBack(t)} ${renderNotice(this.flow, t, this.retry)}
          ${renderLoading(this.flow, t, this.reload)}
          ${renderStep(this.flow, t, this.language, this.now, this.onIntent)}
        </div>
        <p class="footer" part="footer">${lockIcon}${t.securedBy}</p>
        <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" id="umf-live">${this.announcement}</div>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'umf-checkout': UmfCheckout;
  }
}
