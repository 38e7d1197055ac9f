// Every string the customer sees, through one typed Translation per locale (translations/):
// which locale to use, the translation of a locale, field messages and money in the locale.

import type { FieldProblem } from '../../common/validate.ts';
import type { Field } from '../flow/flow.ts';
import { en } from './translations/en.ts';
import type { Locale, Translation } from './translations/translation.ts';
import { zhCN } from './translations/zh-CN.ts';

export type { Locale, Translation } from './translations/translation.ts';

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
