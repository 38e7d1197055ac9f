// A customer on the sandbox's hosted payment page, as a browser without script would be: plain
// form posts, redirects followed by hand. Used by the sandbox, UMF client and BFF suites and by
// the widget harness (node side).
import type { SandboxControl } from '../../../server/sandbox/types.ts';
import { PHONE, RESIDENT_ID } from '../../support/fixtures.ts';

export type HostedCard = {
  number: string;
  cardType?: 'DEBIT_CARD' | 'CREDIT_CARD';
  bank?: string;
  expiry?: string;
  cvv2?: string;
  holderName?: string;
  idNumber?: string;
  phone?: string;
};

export type PageReply = { status: number; html: string; location: string | null };

const DEFAULTS = {
  cardType: 'DEBIT_CARD',
  bank: 'ICBC',
  holderName: '张三',
  idNumber: RESIDENT_ID,
  phone: PHONE,
} as const;

export async function openPage(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers, redirect: 'manual' });
  return reply(response);
}

/** Posts a form below the page (`/card`, `/pay`, …) without following the redirect. */
export async function postForm(pageUrl: string, action: string, fields: Record<string, string>) {
  const response = await fetch(`${pageUrl.split('?')[0]}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return reply(response);
}

async function reply(response: Response): Promise<PageReply> {
  return {
    status: response.status,
    html: await response.text(),
    location: response.headers.get('location'),
  };
}

export function cardFields(card: HostedCard, lang = 'zh-CN'): Record<string, string> {
  const full = { ...DEFAULTS, ...card };
  return {
    lang,
    cardType: full.cardType,
    bank: full.bank,
    cardNumber: full.number,
    expiry: full.expiry ?? '',
    cvv2: full.cvv2 ?? '',
    holderName: full.holderName,
    idNumber: full.idNumber,
    phone: full.phone,
  };
}

/** The newest SMS code the sandbox sent to `phone` for this payment. */
export async function codeFor(control: SandboxControl, phone: string, paymentId: string) {
  const sms = (await control.sms(phone)).find((message) => message.paymentId === paymentId);
  if (!sms) throw new Error(`no SMS for ${paymentId}`);
  return sms.code;
}

/** The href of the page's "return to the merchant" link, unescaped. */
export function returnLink(html: string): string | null {
  const match = /<a class="button" href="([^"]*)"/.exec(html);
  return match
    ? match[1].replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)))
    : null;
}

/**
 * Card form, SMS code from the sandbox, confirm; returns the result page and its return link.
 * Throws when a step does not answer as a working page does.
 */
export async function payOnHostedPage(
  control: SandboxControl,
  pageUrl: string,
  card: HostedCard,
  lang = 'zh-CN',
) {
  const paymentId = decodeURIComponent(new URL(pageUrl).pathname.split('/')[2] ?? '');
  const submitted = await postForm(pageUrl, 'card', cardFields(card, lang));
  if (submitted.status !== 303) throw new Error(`card form: ${submitted.status}`);
  const code = await codeFor(control, card.phone ?? DEFAULTS.phone, paymentId);
  const paid = await postForm(pageUrl, 'pay', { lang, smsCode: code });
  if (paid.status !== 303) throw new Error(`pay: ${paid.status}`);
  const result = await openPage(`${pageUrl.split('?')[0]}?lang=${lang}`);
  return { result, returnUrl: returnLink(result.html), paymentId };
}
