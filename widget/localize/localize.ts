// Every string the customer sees, through one typed Translation per locale (translations/):
// which locale to use, the translation of a locale, field messages and money in the locale.

import { CLIENT_CODE_MESSAGES, type ClientErrorCode } from '../../common/client-error-messages.ts';
import type { FieldProblem } from '../../common/validate.ts';
import type { Locale, TextField, Translation } from './translations/translation.ts';

export type { Locale, TextField, Translation } from './translations/translation.ts';

/**
 * Each locale's texts are loaded when a checkout needs them: the ES build puts each in a chunk
 * of its own (a payer downloads only their language), the IIFE keeps them in its one file.
 */
const LOADERS: Record<Locale, () => Promise<Translation>> = {
  'zh-CN': () => import('./translations/zh-CN.ts').then((module) => module.zhCN),
  en: () => import('./translations/en.ts').then((module) => module.en),
};
const loaded: Partial<Record<Locale, Translation>> = {};
const loading: Partial<Record<Locale, Promise<Translation>>> = {};

/** The `locale` attribute wins; otherwise zh-CN for a Chinese browser (its languages), else en. */
export function resolveLocale(
  attribute: string | null | undefined,
  languages: readonly string[] = navigator.languages,
) {
  const wanted = attribute?.trim() || languages[0] || 'en';
  return (wanted.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en') satisfies Locale;
}

/** Loads a locale's texts once (a failed load is tried again on the next call). */
export function loadTranslation(locale: Locale): Promise<Translation> {
  let promise = loading[locale];
  if (!promise) {
    promise = LOADERS[locale]().then(
      (texts) => {
        loaded[locale] = texts;
        return texts;
      },
      (error: unknown) => {
        delete loading[locale];
        throw error;
      },
    );
    loading[locale] = promise;
  }
  return promise;
}

/** A locale's texts once loadTranslation has loaded them. */
export function loadedTranslation(locale: Locale): Translation | undefined {
  return loaded[locale];
}

/** A loaded locale's texts (the steps that ask are shown only once their locale is loaded). */
export const translation = (locale: Locale) => loaded[locale] as Translation;

/** The message for a field's problem, falling back to the field's general one. */
export function fieldMessage(t: Translation, field: TextField, problem: FieldProblem): string {
  const terms = t.fields[field];
  return terms[problem] ?? (problem === 'required' ? terms.required : terms.invalid);
}

/**
 * The text of an error code the widget sets itself (no server answer to show); every other
 * code is shown with the server's `message`, already in the customer's language.
 */
export function clientMessage(locale: Locale, code: ClientErrorCode): string {
  return CLIENT_CODE_MESSAGES[code][locale];
}

type Money = { amount: string; currency: string };

/**
 * The currencies UMF settles (common/currencies.ts) as CLDR writes them before the amount,
 * [en, zh-CN] where the two differ; the others as their code and a no-break space (CHF 12.00).
 */
const SYMBOLS: Record<string, string | [string, string]> = {
  CNY: ['CN¥', '¥'],
  USD: ['$', 'US$'],
  JPY: ['¥', 'JP¥'],
  AUD: ['A$', 'AU$'],
  HKD: 'HK$',
  EUR: '€',
  GBP: '£',
  CAD: 'CA$',
  NZD: 'NZ$',
};
/** The schema's Decimal: digits and at most two decimals. */
const DECIMAL = /^(\d{1,15})(?:\.(\d{0,2}))?$/;

/**
 * Money in the customer's locale: ¥178.09, US$25.00, JP¥1,500 — what Intl.NumberFormat's
 * currency style writes, without its cost: a page's first Intl.NumberFormat loads the locale's
 * data, tens of milliseconds in a fresh page, just before the first view could render.
 */
export function formatMoney(locale: Locale, { amount, currency }: Money): string {
  const parts = DECIMAL.exec(amount);
  if (!parts) return `${currency} ${amount}`;
  const known = SYMBOLS[currency] ?? `${currency}\u00a0`;
  const symbol = typeof known === 'string' ? known : known[locale === 'en' ? 0 : 1];
  // The yen has no minor unit: rounded half up, as Intl does.
  const yen = currency === 'JPY';
  const whole = yen ? Math.round(Number(amount)) : Number(parts[1]);
  const cents = yen ? '' : `.${(parts[2] ?? '').padEnd(2, '0')}`;
  return symbol + String(whole).replace(/\B(?=(\d{3})+$)/g, ',') + cents;
}
