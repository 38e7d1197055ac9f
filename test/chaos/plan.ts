// What each checkout of a chaos run does, drawn from its own seeded source (the run's seed and
// its index), so the same seed plans the same run however the pool interleaves the checkouts.
import { createRandom, type Random } from '../../server/sandbox/random.ts';

import { CARDS } from '../support/fixtures.ts';

export { CARDS };

export const KINDS = [
  'card',
  'card-decline',
  'qr',
  'qr-fail',
  'qr-refresh',
  'qr-both',
  'qr-then-card',
  'cancel',
  'cancel-then-scan',
] as const;
export type Kind = (typeof KINDS)[number];

/** Share of checkouts per kind (sums to 1). */
const KIND_WEIGHTS: Record<Kind, number> = {
  card: 0.34,
  'card-decline': 0.1,
  qr: 0.2,
  'qr-fail': 0.06,
  'qr-refresh': 0.07,
  'qr-both': 0.06,
  'qr-then-card': 0.05,
  cancel: 0.06,
  'cancel-then-scan': 0.06,
};

export type Plan = {
  index: number;
  orderId: string;
  amountCents: number;
  /** The customer's phone (one each, so each finds its own SMS code). */
  phone: string;
  /** The customer's address. */
  from: string;
  kind: Kind;
  credit: boolean;
  declineCard: string;
  qrMethod: 'WECHAT_SCAN' | 'ALIPAY_SCAN';
  /** The customer keeps the page open until the result; otherwise leaves after paying. */
  watches: boolean;
  /** Refund parts (cents) the merchant asks for once the checkout is paid. */
  refunds: number[];
  /** Each refund call sent twice at once with the same key (a double click, a retry race). */
  doubleSubmit: boolean;
};

export function checkoutRandom(seed: number, index: number): Random {
  return createRandom((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
}

function pick<T extends string>(random: Random, weights: Record<T, number>): T {
  let roll = random.next();
  const entries = Object.entries(weights) as [T, number][];
  for (const [key, weight] of entries) {
    roll -= weight;
    if (roll < 0) return key;
  }
  return entries[entries.length - 1][0];
}

function refundParts(random: Random, amount: number): number[] {
  const roll = random.next();
  if (roll < 0.35) return [];
  if (roll < 0.55) return [amount];
  if (roll < 0.85) return [Math.floor(amount * 0.3), Math.floor(amount * 0.2)];
  const half = Math.floor(amount / 2);
  const quarter = Math.floor(amount / 4);
  return [half, quarter, amount - half - quarter];
}

export function planCheckout(seed: number, index: number): Plan {
  const random = checkoutRandom(seed, index);
  const kind = pick(random, KIND_WEIGHTS);
  const amountCents = 1000 + Math.floor(random.next() * 19_000);
  const declineCards = [CARDS.insufficient, CARDS.tradeFail, CARDS.incorrect];
  return {
    index,
    orderId: `X${seed.toString(36)}n${index}`,
    amountCents,
    phone: `139${String(index).padStart(8, '0')}`,
    from: `127.0.${1 + Math.floor(index / 250)}.${2 + (index % 250)}`,
    kind,
    credit: random.next() < 0.3,
    declineCard: declineCards[Math.floor(random.next() * declineCards.length)],
    qrMethod: random.next() < 0.5 ? 'WECHAT_SCAN' : 'ALIPAY_SCAN',
    watches: random.next() < 0.7,
    refunds: kind.startsWith('cancel') ? [] : refundParts(random, amountCents),
    doubleSubmit: random.next() < 0.25,
  };
}

export function cents(value: number): string {
  return `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
}

export function toCents(amount: string): number {
  const [units, fraction = ''] = amount.split('.');
  return Number(units) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}
