// The page shell every demo page shares (header, language switch, sandbox banner, footer),
// links that keep ?lang=, money formatting and the demo's own Content-Security-Policy.
import { type Html, type HtmlValue, html } from './html.ts';
import { LANGS, type Lang, TRANSLATIONS } from './i18n.ts';

/** No inline script or style anywhere: the pages load /demo.js and /demo.css only. */
export function demoCsp(extraImageOrigins: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    ['img-src', "'self'", 'data:', ...extraImageOrigins].join(' '),
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** `path?lang=…&…` — every link carries the language. */
export function href(path: string, lang: Lang, params: Record<string, string> = {}): string {
  const query = new URLSearchParams({ lang, ...params });
  return `${path}?${query}`;
}

export function money(value: { amount: string; currency: string }, lang: Lang): string {
  const [whole, fraction = '00'] = value.amount.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const number = `${grouped}.${fraction.padEnd(2, '0')}`;
  const symbols: Record<string, string> =
    lang === 'en' ? { USD: '$', CNY: 'CN¥' } : { USD: 'US$', CNY: '¥' };
  const symbol = symbols[value.currency];
  return symbol ? `${symbol}${number}` : `${number} ${value.currency}`;
}

export function dateTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Asia/Shanghai',
  }).format(new Date(iso));
}

export type PageOptions = {
  lang: Lang;
  title: string;
  /** The GET path of this page, for the language switch. */
  path: string;
  /** Extra query parameters the language switch keeps. */
  params?: Record<string, string>;
  body: HtmlValue;
  /** data-* attributes for demo.js on <body>. */
  data?: Record<string, string>;
};

function languageSwitch(options: PageOptions): Html {
  const t = TRANSLATIONS[options.lang];
  const names: Record<Lang, string> = { 'zh-CN': '中文', en: 'English' };
  return html`<nav class="lang-switch" aria-label="${t.language}">
    ${LANGS.map(
      (lang) =>
        html`<a href="${href(options.path, lang, options.params)}" lang="${lang}" hreflang="${lang}"
          ${lang === options.lang ? html`aria-current="true"` : ''}>${names[lang]}</a>`,
    )}
  </nav>`;
}

export function page(options: PageOptions): string {
  const { lang } = options;
  const t = TRANSLATIONS[lang];
  const data = Object.entries(options.data ?? {}).map(
    ([name, value]) => html` data-${name}="${value}"`,
  );
  return html`<!doctype html>
<html lang="${t.htmlLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${t.shopName}</title>
<link rel="icon" href="/demo-icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/demo.css">
<script type="module" src="/demo.js"></script>
</head>
<body${data}>
<a class="skip-link" href="#main">${lang === 'en' ? 'Skip to content' : '跳到正文'}</a>
<p class="sandbox-banner">${t.sandboxBanner}</p>
<header class="site-header">
  <div class="wrap header-row">
    <a class="brand" href="${href('/', lang)}">
      <img class="brand-mark" src="/demo-icon.svg" alt="" width="36" height="36">
      <span class="brand-text"><span class="brand-name">${t.shopName}</span>
      <span class="brand-tagline">${t.shopTagline}</span></span>
    </a>
    <div class="header-actions">
      <a class="nav-link" href="${href('/orders', lang)}">${t.navOrders}</a>
      ${languageSwitch(options)}
    </div>
  </div>
</header>
<main id="main" class="wrap" tabindex="-1">
${options.body}
</main>
<footer class="site-footer"><div class="wrap">${t.footer}</div></footer>
</body>
</html>
`.value;
}

/** A notice box: `role=alert` for errors so screen readers announce it. */
export function notice(kind: 'error' | 'success' | 'info', text: HtmlValue): Html {
  return html`<div class="notice notice-${kind}" ${kind === 'error' ? html`role="alert"` : html`role="status"`}>${text}</div>`;
}
