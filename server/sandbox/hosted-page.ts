// The hosted payment page's HTML (UMF's cashier, as the sandbox plays it): the card form, the
// SMS step and the result, plain forms without script. Card data is never written back into a
// page: after an error the customer types the card again (only card type, bank and phone stay).
import { BANKS, type CardType } from './banks.ts';
import { type CashierField, type CashierLang, type CashierText, codeText } from './hosted-text.ts';
import { escapeHtml as e } from './http.ts';
import { formatCents } from './money.ts';
import type { PaymentRecord } from './state.ts';
import { SMS_INTERVAL_MS } from './verify.ts';

const STYLE = `*{box-sizing:border-box}body{font:16px/1.5 system-ui,-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;margin:0;background:#eef1f5;color:#1a2233}
main{max-width:30rem;margin:0 auto;background:#fff;min-height:100vh;padding:1rem 1.25rem 2rem}
@media(min-width:34rem){main{margin:2rem auto;min-height:0;border-radius:12px;box-shadow:0 2px 12px #0002}}
.top{display:flex;justify-content:space-between;align-items:center;gap:1rem;border-bottom:1px solid #dde2ea;padding-bottom:.75rem}
.brand{font-weight:700;color:#b3261e}.note{font-size:.85rem;color:#525c72;margin:.25rem 0 0}
.due{margin:1rem 0}.due .amount{font-size:1.8rem;font-weight:700;margin:0}.muted{color:#525c72;font-size:.9rem;margin:0}
h1{font-size:1.25rem;margin:1.25rem 0 .75rem}fieldset{border:0;padding:0;margin:0 0 1rem}legend{font-weight:600;margin-bottom:.25rem}
.types{display:flex;gap:1.5rem}.field{margin-bottom:1rem}label{display:block;font-weight:600;margin-bottom:.25rem}
input[type=text],input[type=tel],select{font:inherit;width:100%;padding:.6rem .7rem;border:1px solid #7b8597;border-radius:8px;background:#fff;color:inherit}
input:focus,select:focus,button:focus,a:focus{outline:3px solid #1d4ed8;outline-offset:2px}
.hint{font-size:.85rem;color:#525c72;margin:.2rem 0 0}.error{color:#b42318;font-size:.9rem;margin:.25rem 0 0}
[aria-invalid=true]{border-color:#b42318!important}.alert{border:1px solid #b42318;background:#fef3f2;color:#8a1c12;border-radius:8px;padding:.6rem .8rem;margin:1rem 0}
.row{display:flex;gap:1rem}.row .field{flex:1}
button,.button{font:inherit;display:block;width:100%;text-align:center;padding:.75rem 1rem;border-radius:8px;border:1px solid #b3261e;background:#b3261e;color:#fff;font-weight:600;cursor:pointer;text-decoration:none;margin-top:.75rem}
button.quiet,.button.quiet{background:#fff;color:#1a2233;border-color:#7b8597;font-weight:400}
.result{text-align:center}.result .mark{font-size:2.5rem;margin:1rem 0 0}`;

export type PageContext = {
  payment: PaymentRecord;
  lang: CashierLang;
  t: CashierText;
  /** The page's own path, e.g. /cashier/PAY_…; forms post below it. */
  path: string;
};

export type FieldErrors = Partial<Record<CashierField, string>>;

/** What a refused card form keeps: nothing of the card itself. */
export type KeptInput = { cardType: CardType; bank: string; phone: string };

export function cashierDocument(lang: CashierLang, t: CashierText, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${e(t.title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function top(p: PageContext): string {
  const other = p.t.otherLanguage;
  return `<div class="top"><div><p class="brand">${e(p.t.title)}</p><p class="note">${e(p.t.sandboxNote)}</p></div><a href="${e(p.path)}?lang=${other.lang}" lang="${other.lang}">${e(other.label)}</a></div>`;
}

export function cnyText(payment: PaymentRecord): string {
  return `¥${formatCents(payment.cnyCents)}`;
}

function due(p: PageContext): string {
  const { payment, t } = p;
  const foreign = `${formatCents(payment.amountCents)} ${payment.currency}`;
  return `<div class="due"><p class="muted">${e(t.amountDue)}</p><p class="amount">${e(cnyText(payment))}</p><p class="muted">${e(t.orderLine(payment.orderId, foreign))}</p></div>`;
}

function hidden(p: PageContext): string {
  return `<input type="hidden" name="lang" value="${p.lang}">`;
}

type Input = {
  name: CashierField;
  type?: 'text' | 'tel';
  autocomplete: string;
  inputmode?: string;
  value?: string;
  maxlength?: number;
};

function field(p: PageContext, errors: FieldErrors, input: Input, first: CashierField | null) {
  const text = p.t.fields[input.name];
  const id = `f-${input.name}`;
  const error = errors[input.name];
  const described = [text.hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  const attrs = [
    `id="${id}"`,
    `name="${input.name}"`,
    `type="${input.type ?? 'text'}"`,
    `autocomplete="${input.autocomplete}"`,
    input.inputmode ? `inputmode="${input.inputmode}"` : '',
    input.maxlength ? `maxlength="${input.maxlength}"` : '',
    input.value ? `value="${e(input.value)}"` : '',
    described ? `aria-describedby="${described}"` : '',
    error ? 'aria-invalid="true"' : '',
    first === input.name ? 'autofocus' : '',
  ].filter(Boolean);
  return `<div class="field"><label for="${id}">${e(text.label)}</label><input ${attrs.join(' ')}>${
    text.hint ? `<p class="hint" id="${id}-hint">${e(text.hint)}</p>` : ''
  }${error ? `<p class="error" id="${id}-error">${e(error)}</p>` : ''}</div>`;
}

function errorSummary(p: PageContext, errors: FieldErrors): string {
  const count = Object.keys(errors).length;
  return count ? `<div class="alert" role="alert">${e(p.t.fixFields(count))}</div>` : '';
}

function bankSelect(
  p: PageContext,
  errors: FieldErrors,
  kept: KeptInput | undefined,
  first: CashierField | null,
) {
  const error = errors.bank;
  const options = BANKS.map((bank) => {
    const name = p.lang === 'zh-CN' ? bank.nameZh : bank.name;
    const selected = kept?.bank === bank.code ? ' selected' : '';
    return `<option value="${bank.code}"${selected}>${e(name)} (${bank.code})</option>`;
  }).join('');
  return `<div class="field"><label for="f-bank">${e(p.t.fields.bank.label)}</label><select id="f-bank" name="bank" autocomplete="off"${
    error ? ' aria-invalid="true" aria-describedby="f-bank-error"' : ''
  }${first === 'bank' ? ' autofocus' : ''}><option value="">${e(p.t.chooseBank)}</option>${options}</select>${
    error ? `<p class="error" id="f-bank-error">${e(error)}</p>` : ''
  }</div>`;
}

/** Step 1: card type, bank and the card, holder, ID and phone. */
export function cardView(p: PageContext, errors: FieldErrors = {}, kept?: KeptInput): string {
  const { t } = p;
  const type = kept?.cardType ?? 'DEBIT_CARD';
  const radio = (value: CardType, label: string) =>
    `<label><input type="radio" name="cardType" value="${value}"${type === value ? ' checked' : ''}> ${e(label)}</label>`;
  const first = (Object.keys(errors)[0] as CashierField | undefined) ?? null;
  const body = [
    top(p),
    due(p),
    `<h1>${e(t.cardHeading)}</h1>`,
    errorSummary(p, errors),
    `<form method="post" action="${e(p.path)}/card" novalidate>`,
    hidden(p),
    `<fieldset><legend>${e(t.fields.cardType.label)}</legend><div class="types">${radio('DEBIT_CARD', t.debit)}${radio('CREDIT_CARD', t.credit)}</div></fieldset>`,
    bankSelect(p, errors, kept, first),
    field(
      p,
      errors,
      { name: 'cardNumber', autocomplete: 'cc-number', inputmode: 'numeric', maxlength: 23 },
      first,
    ),
    `<div class="row">`,
    field(
      p,
      errors,
      { name: 'expiry', autocomplete: 'cc-exp', inputmode: 'numeric', maxlength: 5 },
      first,
    ),
    field(
      p,
      errors,
      { name: 'cvv2', autocomplete: 'cc-csc', inputmode: 'numeric', maxlength: 3 },
      first,
    ),
    `</div>`,
    field(p, errors, { name: 'holderName', autocomplete: 'cc-name' }, first),
    field(p, errors, { name: 'idNumber', autocomplete: 'off', maxlength: 18 }, first),
    field(
      p,
      errors,
      {
        name: 'phone',
        type: 'tel',
        autocomplete: 'tel-national',
        inputmode: 'numeric',
        maxlength: 11,
        value: kept?.phone,
      },
      first,
    ),
    `<button type="submit">${e(t.getCode)}</button></form>`,
    `<form method="post" action="${e(p.path)}/cancel">${hidden(p)}<button type="submit" class="quiet">${e(t.cancel)}</button></form>`,
  ];
  return cashierDocument(p.lang, t, body.join(''));
}

function masked(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** Step 2: the SMS code the bank sent to the card's phone. */
export function smsView(p: PageContext, now: number, error?: string): string {
  const { t, payment } = p;
  const card = payment.card;
  const bank = BANKS.find((b) => b.code === payment.payer.bank_code);
  const bankName = bank ? (p.lang === 'zh-CN' ? bank.nameZh : bank.name) : '';
  const last = payment.smsSentAt.at(-1) ?? 0;
  const wait = Math.ceil((last + SMS_INTERVAL_MS - now) / 1000);
  const errors: FieldErrors = error ? { smsCode: error } : {};
  const body = [
    top(p),
    due(p),
    `<h1>${e(t.smsHeading)}</h1>`,
    card
      ? `<p>${e(t.cardLine(bankName, card.lastFour))}</p><p class="muted">${e(t.smsSentTo(masked(card.phone)))}</p><p class="note"><a href="/__sandbox/sms?phone=${e(card.phone)}">${e(t.smsLog)}</a></p>`
      : '',
    error ? `<div class="alert" role="alert">${e(error)}</div>` : '',
    `<form method="post" action="${e(p.path)}/pay" novalidate>${hidden(p)}`,
    field(
      p,
      errors,
      { name: 'smsCode', autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 6 },
      'smsCode',
    ),
    `<button type="submit">${e(t.pay(cnyText(payment)))}</button></form>`,
    `<form method="post" action="${e(p.path)}/resend">${hidden(p)}<button type="submit" class="quiet"${wait > 0 ? ' disabled' : ''}>${e(wait > 0 ? t.resendIn(wait) : t.resend)}</button></form>`,
    `<form method="post" action="${e(p.path)}/change">${hidden(p)}<button type="submit" class="quiet">${e(t.changeCard)}</button></form>`,
  ];
  return cashierDocument(p.lang, t, body.join(''));
}

export type ResultKind = 'success' | 'processing' | 'failed' | 'closed';

export function resultKind(payment: PaymentRecord): ResultKind {
  if (payment.state === 'TRADE_SUCCESS') return 'success';
  if (payment.state === 'TRADE_FAIL') return 'failed';
  return payment.state === 'WAIT_BUYER_PAY' ? 'processing' : 'closed';
}

/** Step 3: the result, and the way back to the merchant's ret_url (nothing added to it). */
export function resultView(p: PageContext): string {
  const { t, payment } = p;
  const kind = resultKind(payment);
  const mark = { success: '✓', processing: '…', failed: '✕', closed: '–' }[kind];
  const reason =
    kind === 'failed' || (kind === 'closed' && payment.failCode)
      ? `<p role="status">${e(codeText(t, payment.failCode))}</p>`
      : '';
  const back = payment.retUrl
    ? `<a class="button" href="${e(payment.retUrl)}">${e(t.returnToMerchant)}</a>`
    : '';
  const refresh =
    kind === 'processing'
      ? `<a class="button quiet" href="${e(p.path)}?lang=${p.lang}">${e(t.refresh)}</a>`
      : '';
  const body = [
    top(p),
    due(p),
    `<div class="result"><p class="mark" aria-hidden="true">${mark}</p><h1>${e(t.resultHeading[kind])}</h1><p>${e(t.resultText[kind])}</p>${reason}</div>`,
    back,
    refresh,
  ];
  return cashierDocument(p.lang, t, body.join(''));
}

export function messageView(lang: CashierLang, t: CashierText, text: string): string {
  return cashierDocument(lang, t, `<p class="brand">${e(t.title)}</p><h1>${e(text)}</h1>`);
}
