// What the shop sells and how a cart becomes a createCheckout input: one sub-order per kind
// of goods (each with its UMF transaction code), amounts in USD as decimal strings, computed
// in integer cents — never floats.
import { type Lang, TRANSLATIONS } from './i18n.ts';

export type Kind = 'goods' | 'crossBorder' | 'hotel';
export type Localized = Readonly<Record<Lang, string>>;

export type Product = {
  id: string;
  kind: Kind;
  /** USD per unit. */
  price: string;
  itemType: 'FOOD' | 'CLOTHING' | 'ELECTRONICS' | 'OTHER';
  name: Localized;
  blurb: Localized;
  unit: Localized;
};

export const PRODUCTS: readonly Product[] = [
  {
    id: 'longjing-tea',
    kind: 'goods',
    price: '38.00',
    itemType: 'FOOD',
    name: { 'zh-CN': '西湖龙井 · 明前特级', en: 'West Lake Longjing green tea' },
    blurb: {
      'zh-CN': '狮峰山明前头采，手工炒制，250 克礼盒装。',
      en: 'First spring picking from Shifeng hill, pan-fired by hand. 250 g gift tin.',
    },
    unit: { 'zh-CN': '盒', en: 'tin' },
  },
  {
    id: 'silk-scarf',
    kind: 'goods',
    price: '64.50',
    itemType: 'CLOTHING',
    name: { 'zh-CN': '杭州真丝围巾', en: 'Hangzhou mulberry silk scarf' },
    blurb: {
      'zh-CN': '100% 桑蚕丝，西湖烟雨印花，90 × 90 厘米。',
      en: '100% mulberry silk, West Lake mist print, 90 × 90 cm.',
    },
    unit: { 'zh-CN': '条', en: 'scarf' },
  },
  {
    id: 'manuka-honey',
    kind: 'crossBorder',
    price: '52.00',
    itemType: 'FOOD',
    name: { 'zh-CN': '新西兰麦卢卡蜂蜜 UMF 15+', en: 'New Zealand Mānuka honey UMF 15+' },
    blurb: {
      'zh-CN': '跨境直邮，海关清关，250 克。',
      en: 'Shipped cross-border, cleared through customs. 250 g jar.',
    },
    unit: { 'zh-CN': '罐', en: 'jar' },
  },
  {
    id: 'lakeside-hotel',
    kind: 'hotel',
    price: '129.00',
    itemType: 'OTHER',
    name: { 'zh-CN': '西湖畔精品酒店 · 一晚', en: 'Lakeside boutique hotel, one night' },
    blurb: {
      'zh-CN': '湖景大床房，含双人早餐，可免费取消。',
      en: 'Lake-view double room, breakfast for two, free cancellation.',
    },
    unit: { 'zh-CN': '晚', en: 'night' },
  },
];

export const MAX_QUANTITY = 9;

/** UMF transaction code and customs flag of each kind (docs/umf-protocol.md §10). */
const KINDS: Readonly<Record<Kind, { transCode: string; isCustoms: boolean; physical: boolean }>> =
  {
    goods: { transCode: '01122030', isCustoms: false, physical: true },
    crossBorder: { transCode: '01121990', isCustoms: true, physical: true },
    hotel: { transCode: '04223010', isCustoms: false, physical: false },
  };

const KIND_NAMES: Readonly<Record<Kind, Localized>> = {
  goods: { 'zh-CN': '国内发货商品', en: 'Goods shipped within China' },
  crossBorder: { 'zh-CN': '跨境直邮商品', en: 'Cross-border goods' },
  hotel: { 'zh-CN': '酒店住宿', en: 'Hotel stay' },
};

/** A demo customer: physical goods need a receiver in UMF's risk info. */
export const DEMO_CUSTOMER = {
  name: '张三',
  phone: '13800138000',
  address: '浙江省杭州市西湖区龙井路 1 号',
  userId: 'demo-customer-1',
} as const;

/** The receiver as the shop shows it (UMF gets the Chinese original). */
export const DEMO_RECEIVER: Readonly<Record<Lang, { name: string; address: string }>> = {
  'zh-CN': { name: DEMO_CUSTOMER.name, address: DEMO_CUSTOMER.address },
  en: { name: 'Zhang San', address: '1 Longjing Road, Xihu District, Hangzhou, Zhejiang' },
};

export type CartLine = { product: Product; quantity: number };

/** Whether an item (by product id) ships: hotel nights do not. */
export function ships(productId: string): boolean {
  const product = PRODUCTS.find((p) => p.id === productId);
  return product ? KINDS[product.kind].physical : true;
}

export function toCents(amount: string): number {
  const [whole, fraction = ''] = amount.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export function fromCents(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

export function lineCents(line: CartLine): number {
  return toCents(line.product.price) * line.quantity;
}

export function cartCents(lines: readonly CartLine[]): number {
  return lines.reduce((sum, line) => sum + lineCents(line), 0);
}

/** The cart from form fields `qty.<product id>`; quantities clamped to 0–MAX_QUANTITY. */
export function cartFrom(form: URLSearchParams): CartLine[] {
  return PRODUCTS.map((product) => {
    const quantity = Number.parseInt(form.get(`qty.${product.id}`) ?? '0', 10);
    const clamped = Number.isFinite(quantity) ? Math.min(Math.max(quantity, 0), MAX_QUANTITY) : 0;
    return { product, quantity: clamped };
  }).filter((line) => line.quantity > 0);
}

/** createCheckout's input (schema CreateCheckoutInput) for a cart. */
/** What the demo offers: cards, the two QR wallets and UMF's hosted payment page. */
export const DEMO_METHODS = [
  'DEBIT_CARD',
  'CREDIT_CARD',
  'WECHAT_SCAN',
  'ALIPAY_SCAN',
  'HOSTED',
] as const;

export function checkoutInputFor(orderId: string, lines: readonly CartLine[], lang: Lang) {
  const kinds = [...new Set(lines.map((line) => line.product.kind))];
  const subOrders = kinds.map((kind) => {
    const ofKind = lines.filter((line) => line.product.kind === kind);
    return {
      id: `${orderId}-${kind}`.slice(0, 64),
      amount: fromCents(cartCents(ofKind)),
      description: KIND_NAMES[kind][lang],
      transCode: KINDS[kind].transCode,
      isCustoms: KINDS[kind].isCustoms,
      items: ofKind.map((line) => ({
        id: line.product.id,
        type: line.product.itemType,
        name: line.product.name[lang],
        quantity: line.quantity,
        amount: fromCents(lineCents(line)),
      })),
    };
  });
  const physical = kinds.some((kind) => KINDS[kind].physical);
  const count = lines.reduce((sum, line) => sum + line.quantity, 0);
  return {
    orderId,
    amount: fromCents(cartCents(lines)),
    currency: 'USD',
    description: TRANSLATIONS[lang].orderDescription(count),
    subOrders,
    methods: DEMO_METHODS,
    riskInfo: {
      transType: '02',
      goodsType: physical ? '1' : '0',
      userId: DEMO_CUSTOMER.userId,
      ...(physical
        ? {
            receiverName: DEMO_CUSTOMER.name,
            receiverPhone: DEMO_CUSTOMER.phone,
            receiverAddress: DEMO_CUSTOMER.address,
          }
        : {}),
    },
  };
}

export type CheckoutInput = ReturnType<typeof checkoutInputFor>;
