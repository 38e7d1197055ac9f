// GET /: the goods, a quantity for each, and the cart with its total. The cart is a plain
// form (POST /checkout); demo.js only adds the +/− buttons and keeps the total live.
import { productArt } from './art.ts';
import {
  type CartLine,
  cartCents,
  fromCents,
  type Kind,
  lineCents,
  MAX_QUANTITY,
  PRODUCTS,
  type Product,
  toCents,
} from './catalog.ts';
import { type Html, html } from './html.ts';
import { type DemoTranslation, type Lang, TRANSLATIONS } from './i18n.ts';
import { money, notice, page } from './layout.ts';

const DEFAULT_CART: Readonly<Record<string, number>> = { 'longjing-tea': 1, 'silk-scarf': 1 };

function kindLabel(kind: Kind, t: DemoTranslation): string {
  return { goods: t.kindGoods, crossBorder: t.kindCrossBorder, hotel: t.kindHotel }[kind];
}

function usd(cents: number, lang: Lang): string {
  return money({ amount: fromCents(cents), currency: 'USD' }, lang);
}

function productCard(product: Product, quantity: number, lang: Lang): Html {
  const t = TRANSLATIONS[lang];
  const name = product.name[lang];
  const input = `qty-${product.id}`;
  return html`<li class="product-card">
    <div class="product-art">${productArt(product.id)}</div>
    <div class="product-body">
      <span class="badge badge-${product.kind}">${kindLabel(product.kind, t)}</span>
      <h3 class="product-name" id="name-${product.id}">${name}</h3>
      <p class="product-blurb">${product.blurb[lang]}</p>
      <div class="product-foot">
        <p class="price">${usd(toCents(product.price), lang)}
          <span class="unit">/ ${product.unit[lang]}</span></p>
        <div class="stepper">
          <button type="button" class="step" data-step="-1" data-for="${input}"
            aria-label="${t.fewer(name)}" hidden>−</button>
          <label class="visually-hidden" for="${input}">${t.quantity}${t.colon}${name}</label>
          <input id="${input}" name="qty.${product.id}" type="number" inputmode="numeric"
            min="0" max="${MAX_QUANTITY}" step="1" value="${quantity}"
            data-price-cents="${toCents(product.price)}" data-name="${name}">
          <button type="button" class="step" data-step="1" data-for="${input}"
            aria-label="${t.more(name)}" hidden>+</button>
        </div>
      </div>
    </div>
  </li>`;
}

function cartLine(line: CartLine, lang: Lang): Html {
  return html`<li><span>${line.product.name[lang]} <span class="qty">× ${line.quantity}</span></span>
    <span>${usd(lineCents(line), lang)}</span></li>`;
}

function cart(lines: CartLine[], lang: Lang): Html {
  const t = TRANSLATIONS[lang];
  return html`<aside class="cart card" aria-labelledby="cart-heading">
    <h2 id="cart-heading">${t.cartHeading}</h2>
    <ul class="cart-lines" data-cart-lines>${lines.map((line) => cartLine(line, lang))}</ul>
    <p class="cart-empty" data-cart-empty ${lines.length > 0 ? html`hidden` : ''}>${t.cartEmpty}</p>
    <div class="cart-total"><span>${t.total}</span>
      <strong data-cart-total aria-live="polite">${usd(cartCents(lines), lang)}</strong></div>
    <p class="fine">${t.cnyNote}</p>
    <button class="btn btn-primary btn-block" type="submit">${t.pay}</button>
    <ul class="pay-marks" aria-label="UnionPay, WeChat Pay, Alipay">
      <li class="mark-unionpay">${lang === 'en' ? 'UnionPay' : '银联'}</li>
      <li class="mark-wechat">${lang === 'en' ? 'WeChat Pay' : '微信支付'}</li>
      <li class="mark-alipay">${lang === 'en' ? 'Alipay' : '支付宝'}</li>
    </ul>
  </aside>`;
}

export type ProductPageOptions = {
  lang: Lang;
  /** The quantities to show (after a refused submit); default: a sample cart. */
  quantities?: Readonly<Record<string, number>>;
  error?: string;
};

export function productPage(options: ProductPageOptions): string {
  const { lang } = options;
  const t = TRANSLATIONS[lang];
  const quantities = options.quantities ?? DEFAULT_CART;
  const lines = PRODUCTS.map((product) => ({ product, quantity: quantities[product.id] ?? 0 }));
  const chosen = lines.filter((line) => line.quantity > 0);
  const symbol = money({ amount: '0', currency: 'USD' }, lang).replace(/[\d.,]/g, '');
  return page({
    lang,
    title: t.navShop,
    path: '/',
    body: html`<section class="hero">
      <h1>${t.heroTitle}</h1>
      <p>${t.heroText}</p>
    </section>
    ${options.error ? notice('error', options.error) : ''}
    <form class="shop" method="post" action="/checkout" data-cart data-currency="${symbol}">
      <input type="hidden" name="lang" value="${lang}">
      <section class="products" aria-labelledby="products-heading">
        <h2 id="products-heading">${t.productsHeading}</h2>
        <ul class="product-grid">${lines.map((l) => productCard(l.product, l.quantity, lang))}</ul>
      </section>
      ${cart(chosen, lang)}
      <div class="mobile-pay">
        <span>${t.total} <strong data-cart-total>${usd(cartCents(chosen), lang)}</strong></span>
        <button class="btn btn-primary" type="submit">${t.pay}</button>
      </div>
    </form>`,
  });
}
