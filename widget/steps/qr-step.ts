import { html, nothing, svg } from 'lit';
import type { QrCode, QrMethod } from '../api/client.ts';
import { alipayIcon, largeSpinner, wechatIcon } from '../ui/icons.ts';
import { mainButton, StepElement, viewProps } from './step-element.ts';

/** mm:ss (or h:mm:ss) until a time. */
export function countdown(until: string, now: number): string {
  const s = Math.max(0, Math.floor((Date.parse(until) - now) / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  const hours = Math.floor(s / 3600);
  const rest = `${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return hours ? `${hours}:${rest}` : rest;
}

/** The top of a wallet step: the wallet's mark, the heading and the amount. */
function walletTop(icon: unknown, heading: unknown, amount: string) {
  return html`<span class="method-icon">${icon}</span>${heading}
    <p class="amount-line" part="amount">${amount}</p>`;
}

/** Schemes the QR content may link to: WeChat's, Alipay's, and the web (Alipay, the sandbox). */
const LINKABLE = /^(weixin|alipays?|https?):/i;

/** A QR code to scan with WeChat or Alipay, the live status and the expiry countdown. */
export class UmfQrStep extends StepElement {
  static override properties = viewProps(
    'method',
    'qrContent',
    'qrCode',
    'expiresAt',
    'now',
    'amount',
    'pending',
  );
  /** WECHAT_SCAN or ALIPAY_SCAN. */
  method: QrMethod = 'WECHAT_SCAN';
  /** What to encode; null while it is being made or after it expired. */
  qrContent: string | null = null;
  /** The content drawn (the BFF encodes it): one SVG path in a size × size square. */
  qrCode: QrCode | null = null;
  /** When the code stops working. */
  expiresAt = '';
  /** The current time in ms. */
  now = 0;
  /** The amount, formatted. */
  amount = '';
  /** A request is in flight. */
  pending = false;

  private renderCode(app: string) {
    const code = this.qrContent && this.qrCode;
    if (!code) {
      return html`<div class="qr empty" part="qr">${this.pending ? largeSpinner : nothing}</div>`;
    }
    const { size, path } = code;
    return html`
      <div class="qr" part="qr" data-qr-content=${this.qrContent}>
        <svg viewBox="0 0 ${size} ${size}" role="img" aria-label=${this.t.qrAlt(app)} shape-rendering="crispEdges">
          ${svg`<rect width=${size} height=${size} fill="#fff" /><path d=${path} />`}
        </svg>
      </div>
    `;
  }

  /** For a customer on the phone itself, who cannot scan their own screen: open the content. */
  private renderLink(app: string) {
    const content = this.qrContent;
    if (!content || !LINKABLE.test(content)) return nothing;
    return html`<a class="link small" part="qr-link" href=${content} target="_blank" rel="noopener">${this.t.qrOpen(app)}</a>`;
  }

  override render() {
    const { t } = this;
    const app = t.qrApps[this.method];
    const expired = !this.qrContent || Date.parse(this.expiresAt) <= this.now;
    return html`
      <div class="qr-step">
        ${walletTop(this.method === 'ALIPAY_SCAN' ? alipayIcon : wechatIcon, this.heading(t.qrHeading(app)), this.amount)}
        ${this.renderCode(app)}
        ${
          expired && !this.pending
            ? html`<p class="muted" part="qr-status">${t.qrExpired}</p>`
            : this.qrContent
              ? html`${this.renderLink(app)}
                <p class="status" part="qr-status"><span class="pulse" aria-hidden="true"></span>${t.qrWaiting}</p>
                <p class="muted" part="countdown">${t.qrExpiresIn(countdown(this.expiresAt, this.now))}</p>
                <p class="hint">${t.qrHint(app)}</p>`
              : nothing
        }
        <button type="button" class="secondary" part="button refresh" ?disabled=${this.pending}
          @click=${() => this.intent({ type: 'refresh' })}>${t.refresh}</button>
      </div>
    `;
  }
}

/** WeChat's in-browser payment: one button that opens WeChat's payment sheet. */
export class UmfWechatStep extends StepElement {
  static override properties = viewProps('amount', 'pending', 'available');
  /** The amount, formatted. */
  amount = '';
  /** A request is in flight. */
  pending = false;
  /** False outside WeChat's browser (the payment cannot start here). */
  available = true;

  override render() {
    const { t } = this;
    return html`
      <div class="qr-step">
        ${walletTop(wechatIcon, this.heading(t.wechatHeading), this.amount)}
        <p class="lead">${this.available ? t.wechatText : t.wechatOutside}</p>
        ${
          this.available
            ? mainButton(
                this.pending,
                t.pay(this.amount),
                () => this.pending || this.intent({ type: 'wechat' }),
                'wechat',
              )
            : nothing
        }
      </div>
    `;
  }
}

/** The wallet steps' tags (steps/on-demand.ts defines them). */
export const WALLET_STEPS = { 'umf-qr-step': UmfQrStep, 'umf-wechat-step': UmfWechatStep };

declare global {
  interface HTMLElementTagNameMap {
    'umf-qr-step': UmfQrStep;
    'umf-wechat-step': UmfWechatStep;
  }
}
