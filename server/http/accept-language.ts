// The customer's language from Accept-Language: zh-CN or en, the two we write messages in.
import type { Locale } from '../../common/error-codes.ts';

type LanguageRange = { readonly tag: string; readonly q: number; readonly order: number };

/**
 * The locale to answer in, from an Accept-Language header (RFC 9110 §12.5.4) or a bare tag.
 * Any Chinese (zh, zh-CN, zh-Hans, zh-SG, and also zh-TW, zh-HK, zh-Hant: we only have
 * Simplified, which a Traditional reader still reads better than English) → zh-CN; any
 * English → en; `*` or nothing we have → zh-CN (the customers are Chinese) unless Chinese
 * was explicitly refused with q=0 and English was not.
 */
export function parseLocale(acceptLanguage: string | null | undefined): Locale {
  const ranges = parseAcceptLanguage(acceptLanguage ?? '');
  for (const range of ranges) {
    if (range.q <= 0) continue;
    const locale = localeOf(range.tag);
    if (locale !== undefined) return locale;
    if (range.tag === '*') return refused(ranges, 'zh-CN') ? 'en' : 'zh-CN';
  }
  return refused(ranges, 'zh-CN') && !refused(ranges, 'en') ? 'en' : 'zh-CN';
}

function localeOf(tag: string): Locale | undefined {
  const primary = tag.split('-')[0];
  if (primary === 'zh') return 'zh-CN';
  if (primary === 'en') return 'en';
  return undefined;
}

function refused(ranges: readonly LanguageRange[], locale: Locale): boolean {
  return ranges.some((range) => range.q <= 0 && localeOf(range.tag) === locale);
}

/** Ranges sorted by q, highest first, header order kept among equals; malformed ones dropped. */
function parseAcceptLanguage(header: string): LanguageRange[] {
  const ranges: LanguageRange[] = [];
  header
    .slice(0, 1024)
    .split(',')
    .forEach((part, order) => {
      const [rawTag = '', ...params] = part.split(';').map((piece) => piece.trim());
      const tag = rawTag.toLowerCase().replaceAll('_', '-');
      if (!/^(\*|[a-z]{1,8}(-[a-z0-9]{1,8})*)$/.test(tag)) return;
      const q = qualityOf(params);
      if (q !== undefined) ranges.push({ tag, q, order });
    });
  return ranges.sort((a, b) => b.q - a.q || a.order - b.order);
}

function qualityOf(params: readonly string[]): number | undefined {
  const weight = params.find((param) => /^q\s*=/i.test(param));
  if (weight === undefined) return 1;
  const value = weight.replace(/^q\s*=\s*/i, '');
  if (!/^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value)) return undefined;
  return Number(value);
}
