// The human QR page (/__sandbox/qr/{id}): amount, the QR code as SVG, and Pay / Fail buttons
// (plain forms, no script) that post to the scan route.
import { renderSVG } from 'uqr';
import { escapeHtml } from './http.ts';
import { formatCents } from './money.ts';
import type { PaymentRecord } from './state.ts';

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d1d1f}
main{max-width:22rem;margin:3rem auto;background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 2px 12px #0002;text-align:center}
h1{font-size:1.2rem;margin:0 0 .5rem}.amount{font-size:1.6rem;font-weight:700}.muted{color:#555;font-size:.9rem}
.qr svg{width:14rem;height:14rem}form{display:inline-block;margin:.5rem}
button{font:inherit;padding:.5rem 1.5rem;border-radius:8px;border:1px solid #1d1d1f;background:#fff;cursor:pointer}
button.pay{background:#07c160;border-color:#07c160;color:#fff}.state{font-weight:700}`;

export function htmlPage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function amountLine(payment: PaymentRecord): string {
  return `<p class="amount">${formatCents(payment.amountCents)} ${escapeHtml(payment.currency)}</p><p class="muted">CNY ${formatCents(payment.cnyCents)} · order ${escapeHtml(payment.orderId)}</p>`;
}

export function qrPage(payment: PaymentRecord, pageUrl: string): string {
  const wallet = payment.method === 'ALIPAY_SCAN' ? 'Alipay' : 'WeChat Pay';
  const scan = `/__sandbox/payments/${encodeURIComponent(payment.id)}/scan`;
  const open = payment.state === 'WAIT_BUYER_PAY' && !payment.processing;
  const buttons = open
    ? `<form method="post" action="${scan}?outcome=success"><button class="pay" type="submit">Pay</button></form><form method="post" action="${scan}?outcome=fail"><button type="submit">Fail</button></form>`
    : `<p>State: <span class="state">${payment.state}</span></p>`;
  return htmlPage(
    `UMF sandbox · ${wallet}`,
    `<h1>UMF sandbox · ${wallet}</h1>${amountLine(payment)}<div class="qr" role="img" aria-label="QR code of the payment">${renderSVG(pageUrl)}</div><p class="muted">${escapeHtml(payment.id)}</p>${buttons}`,
  );
}

export function scanResultPage(payment: PaymentRecord | undefined, message: string): string {
  const details = payment ? amountLine(payment) : '';
  return htmlPage(
    'UMF sandbox · payment',
    `<h1>UMF sandbox</h1>${details}<p role="status">${escapeHtml(message)}</p>${payment ? `<p><a href="/__sandbox/qr/${encodeURIComponent(payment.id)}">Back to the payment</a></p>` : ''}`,
  );
}
