// Sandbox test cards (README "The UMF sandbox"): the last four digits pick the outcome.
import type { TestCard } from './types.ts';

export const CARD_OUTCOMES = {
  '0002': {
    step: 'execute',
    retCode: '00060730',
    outcome: 'execute declined: insufficient balance',
  },
  '0025': {
    step: 'verify',
    retCode: '00200025',
    outcome: 'verify refused: card information incorrect',
  },
  '0026': { step: 'verify', retCode: '00200026', outcome: 'verify refused: card expired' },
  '0027': { step: 'verify', retCode: '00200027', outcome: 'verify refused: bank not enabled' },
  '0065': {
    step: 'final',
    retCode: '00060765',
    outcome: 'execute accepted, payment ends TRADE_FAIL',
  },
  '0030': {
    step: 'execute',
    retCode: '00060730',
    outcome: 'balance 100.00 CNY: a payment above it is declined at execute (insufficient balance)',
  },
} as const;

/** The balance of the 0030 card, in CNY cents; not drawn down by payments. */
export const LIMITED_BALANCE_CNY_CENTS = 10_000n;

export type CardOutcome = (typeof CARD_OUTCOMES)[keyof typeof CARD_OUTCOMES];

/**
 * The outcome a test card has for a payment of `cnyCents` (the 0030 card declines only above its
 * balance), or undefined: it pays.
 */
export function cardOutcome(lastFour: string, cnyCents = 0n): CardOutcome | undefined {
  if (lastFour === '0030' && cnyCents <= LIMITED_BALANCE_CNY_CENTS) return undefined;
  return (CARD_OUTCOMES as Record<string, CardOutcome>)[lastFour];
}

/** A debit card that ends in one of CARD_OUTCOMES' last four digits: its outcome and code. */
function failingCard(number: string): TestCard {
  const { outcome, retCode } = CARD_OUTCOMES[number.slice(-4) as keyof typeof CARD_OUTCOMES];
  return { number, type: 'DEBIT_CARD', outcome, retCode };
}

export const TEST_CARDS: readonly TestCard[] = [
  { number: '6222020000070000', type: 'DEBIT_CARD', outcome: 'success', retCode: '0000' },
  { number: '6258070000090000', type: 'CREDIT_CARD', outcome: 'success', retCode: '0000' },
  ...[
    '6222020000050002',
    '6222020000080025',
    '6222020000070026',
    '6222020000060027',
    '6222020000010030',
    '6222020000090065',
  ].map(failingCard),
];

/** A resident ID that passes GB 11643-1999 (docs/umf-protocol.md §11). */
export const TEST_RESIDENT_ID = '11010519491231002X';
