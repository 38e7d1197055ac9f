// Every string the customer sees, through one typed Translation per locale (zh-CN, en). The
// compiler checks both are complete: a missing term or error code does not build.

import type { FieldProblem } from '../common/validate.ts';
import type { ErrorCode } from './api.ts';
import type { Choice, Field } from './flow.ts';
import { en } from './translations/en.ts';
import { zhCN } from './translations/zh-CN.ts';

export type Locale = 'zh-CN' | 'en';

export type FieldTerms = { label: string; required: string; invalid: string } & Partial<
  Record<FieldProblem, string>
>;

export type MethodTerms = { name: string; hint: string };

export interface Translation {
  locale: Locale;
  region: string;
  loading: string;
  amountDue: string;
  converted: (amount: string, rate: string, currency: string) => string;
  orderDetails: string;
  order: (orderId: string) => string;
  quantity: (n: number) => string;
  securedBy: string;
  back: string;
  retry: string;
  dismiss: string;
  network: string;
  fixFields: (n: number) => string;
  methodHeading: string;
  methods: Record<Choice, MethodTerms>;
  bankHeading: string;
  cardType: string;
  debit: string;
  credit: string;
  searchBanks: string;
  searchPlaceholder: string;
  banksLabel: string;
  noBanks: (query: string) => string;
  loadingBanks: string;
  cardHeading: string;
  change: string;
  cvv2Hint: string;
  continue: string;
  getCode: string;
  encryptedNote: string;
  resumeNote: string;
  smsHeading: string;
  smsSentTo: (phone: string) => string;
  resend: string;
  resendIn: (seconds: number) => string;
  pay: (amount: string) => string;
  changeCard: string;
  processingHeading: string;
  processingText: string;
  successHeading: string;
  successText: (amount: string) => string;
  failureHeading: string;
  closedHeading: string;
  expiredText: string;
  canceledText: string;
  closedText: string;
  tryAnotherCard: string;
  otherMethod: string;
  qrHeading: (app: string) => string;
  qrHint: (app: string) => string;
  qrAlt: (app: string) => string;
  /** The link under the QR code that opens its content in the app (on the phone itself). */
  qrOpen: (app: string) => string;
  qrApps: Record<'WECHAT_SCAN' | 'ALIPAY_SCAN', string>;
  qrWaiting: string;
  qrExpiresIn: (time: string) => string;
  qrExpired: string;
  refresh: string;
  wechatHeading: string;
  wechatText: string;
  wechatPay: (amount: string) => string;
  wechatCanceled: string;
  wechatOutside: string;
  fields: Record<Field, FieldTerms>;
  errors: Record<ErrorCode, string>;
}

const TRANSLATIONS: Record<Locale, Translation> = { 'zh-CN': zhCN, en };

/** The `locale` attribute wins; otherwise zh-CN for a Chinese browser, else en. */
export function resolveLocale(attribute: string | null | undefined, languages: readonly string[]) {
  const wanted = attribute?.trim() || languages[0] || 'en';
  return (wanted.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en') satisfies Locale;
}

export function translation(locale: Locale): Translation {
  return TRANSLATIONS[locale];
}

/** The message for a field's problem, falling back to the field's general one. */
export function fieldMessage(t: Translation, field: Field, problem: FieldProblem): string {
  const terms = t.fields[field];
  return terms[problem] ?? (problem === 'required' ? terms.required : terms.invalid);
}

/** Money in the customer's locale: ¥178.09, US$25.00. */
export function formatMoney(locale: Locale, money: { amount: string; currency: string }): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(
      Number(money.amount),
    );
  } catch {
    return `${money.currency} ${money.amount}`;
  }
}
