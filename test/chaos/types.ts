// What a chaos checkout plays with and leaves behind: the actors, the timings, the outcome.
import type { SandboxControl } from '../../server/sandbox/types.ts';
import type { Merchant, Widget } from './actors.ts';
import type { Plan } from './plan.ts';

export const FINAL = new Set(['SUCCEEDED', 'FAILED', 'EXPIRED', 'CANCELED']);

export type Outcome = {
  plan: Plan;
  checkoutId?: string;
  /** createCheckout answered nothing usable, even after retries. */
  createLost: boolean;
  /** The refund parts (cents) the merchant asked for, each to be refunded at most once. */
  askedParts: number[];
  notes: string[];
  /** Watching customers: the last status the widget's live stream showed. */
  streamed?: Promise<string | undefined>;
};

export type Timing = {
  /** How long the customer keeps trying to pay. */
  customerMs: number;
  /** How long the merchant waits for a result (paid, canceled, refund final). */
  merchantMs: number;
};

export type Actors = {
  merchant: Merchant;
  widget: (clientSecret: string) => Widget;
  control: SandboxControl;
  timing: Timing;
  /** Ends the customers' live streams (after the reconciler's window). */
  stopWatching: AbortSignal;
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
