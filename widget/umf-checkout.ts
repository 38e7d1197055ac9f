// <umf-checkout>, the only public element: its properties, the step views it renders and the
// contract in its JSDoc. State, intents and requests live in CheckoutController, focus and the
// live region in its StepController, the countdowns' clock in ClockController.
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { PaymentMethod } from './api/client.ts';
import { CheckoutController, countingDown } from './controllers/checkout-controller.ts';
import { ClockController } from './controllers/clock-controller.ts';
import type { Intent, IntentEvent } from './flow/events.ts';
import { parseMethods } from './flow/methods.ts';
import { loadedTranslation, loadTranslation, type Translation } from './localize/localize.ts';
import { backIcon, lockIcon } from './ui/icons.ts';
import { styles } from './umf-checkout.styles.ts';
import { renderHeader, renderLoading, renderNotice, renderStep } from './umf-checkout.view.ts';

/**
 * @tag umf-checkout
 * @summary Takes a CNY payment through UMF: bank card with an SMS code, WeChat Pay, Alipay, or
 *   UMF's own payment page.
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
 * @event umf-redirect - The customer chose to pay on UMF's page and is about to be sent there.
 *   `detail: { url: string }`. Cancelable: call `preventDefault()` to navigate yourself (an app's
 *   web view, a new tab). UMF's page sends the customer back to this page, where the element
 *   shows the result.
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
 * @csspart method - A payment-method button (a saved card's too).
 * @csspart saved-cards - The customer's saved cards, first on the method step.
 * @csspart saved-card - One saved card: its pay button and its removal.
 * @csspart saved-pay - The button that pays a saved card with the SMS code only.
 * @csspart saved-remove - A saved card's "Remove" disclosure (its question and button).
 * @csspart saved-remove-confirm - The button that removes the saved card.
 * @csspart remember - The "remember this card" box on the card form (saveCard ASK).
 * @csspart note - A note on the step (the card will be saved, a resumed payment).
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
 * @csspart qr-link - The link under the QR code that opens it in WeChat or Alipay (on a phone).
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
  static override properties = {
    endpoint: {},
    clientSecret: { attribute: 'client-secret' },
    locale: {},
    methods: { converter: parseMethods },
  };

  private checkout = new CheckoutController(this);
  private clock = new ClockController(this, () => countingDown(this.checkout.flow));

  /** The BFF's GraphQL endpoint, e.g. https://pay.example.com/graphql. */
  endpoint = '';
  /** The checkout's client secret (cs_…), from the merchant's backend. */
  clientSecret = '';
  /** zh-CN or en; by default zh-CN in a Chinese browser, else en. */
  locale?: string;
  /**
   * Optional subset of the checkout's methods. The attribute is space or comma separated:
   * `CARD` (both card types), `DEBIT_CARD`, `CREDIT_CARD`, `WECHAT_SCAN`, `ALIPAY_SCAN`,
   * `WECHAT_WEB`, `HOSTED` (e.g. "CARD WECHAT_SCAN"); unknown values are ignored with a console
   * warning.
   */
  methods?: readonly PaymentMethod[];

  private retry = () => this.checkout.retry();
  private reload = () => void this.checkout.load();
  private goBack = () => this.checkout.intent({ type: 'back' });
  private onIntent = (event: IntentEvent<Intent>) => this.checkout.intent(event.detail);

  override connectedCallback() {
    this.checkout.connect();
    super.connectedCallback();
  }

  /**
   * An update waits for the locale's texts (a chunk of their own in the ES build), so every step
   * speaks the customer's language; the checkout's request is not held up by it (it starts when
   * the element connects). The first update does not wait: it builds the loading frame, hidden,
   * while the answer and the texts are on their way (Lit's first templates and the frame's nodes),
   * so the view the answer brings has little left to build; the frame shows, with its words,
   * when the texts come (CheckoutController.connect).
   */
  protected override scheduleUpdate(): ReturnType<LitElement['scheduleUpdate']> {
    const locale = this.checkout.language;
    if (!this.hasUpdated || loadedTranslation(locale)) return super.scheduleUpdate();
    return loadTranslation(locale).then(
      () => super.scheduleUpdate(),
      (error: unknown) => {
        // Rendered empty; the next update (the checkout's answer, a retry) tries the load again.
        console.error('umf-checkout: the texts could not be loaded', error);
        return super.scheduleUpdate();
      },
    );
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    // The first load starts on connect (connectedCallback); this one follows a changed checkout.
    if (changed.has('endpoint') || changed.has('clientSecret')) this.checkout.loadIfChanged();
  }

  private renderBack(t: Translation) {
    const flow = this.checkout.flow;
    const step = flow.step;
    const several = 'choices' in flow && flow.choices.length > 1;
    const can = (step === 'bank' || step === 'qr' || step === 'wechat') && several;
    if (!can || ('pending' in flow && flow.pending && step !== 'qr')) return nothing;
    return html`<button type="button" class="back" part="back button" @click=${this.goBack}>
      ${backIcon}${t.back}
    </button>`;
  }

  override render() {
    const { flow, language, steps } = this.checkout;
    // The first render is the loading frame, hidden until the texts come (it has no words).
    const t = loadedTranslation(language) ?? (!this.hasUpdated && ({} as Translation));
    if (!t) return nothing;
    return html`
      <section class="base" part="base" lang=${language} aria-label=${t.region} ?hidden=${!t.locale}>
        ${renderHeader(flow, t, language)}
        <div class="body" part="body">
          ${this.renderBack(t)} ${renderNotice(flow, t, this.retry)}
          ${renderLoading(flow, t, this.reload)}
          ${renderStep(flow, t, language, this.clock.now, this.onIntent)}
        </div>
        <p class="footer" part="footer">${lockIcon}${t.securedBy}</p>
        <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" id="umf-live">${steps.announcement}</div>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'umf-checkout': UmfCheckout;
  }
}
