// Everything a sandbox handler needs, built once per sandbox and passed in explicitly.
import type { Clock } from './clock.ts';
import type { Faults } from './faults.ts';
import type { SandboxKeys } from './keys.ts';
import type { Notifier } from './notifier.ts';
import type { Random } from './random.ts';
import type { RateTable } from './rates.ts';
import type { Scheduler } from './scheduler.ts';
import type { SandboxState } from './state.ts';
import type { SandboxStrict } from './strict.ts';

export type SandboxSettings = {
  executeDelayMs: number;
  tokenTtlSeconds: number;
  notifyRetryBaseMs: number;
  verifySignatures: boolean;
  /** Settings answered strictly; an unset key accepts every variant. */
  strict: SandboxStrict;
  /** Also sign notifications in the body's meta.sign (besides the Signature header). */
  notificationMetaSign: boolean;
  log: (line: string) => void;
};

export type SandboxContext = {
  settings: SandboxSettings;
  keys: SandboxKeys;
  clientId: string;
  clientSecret: string;
  state: SandboxState;
  clock: Clock;
  random: Random;
  rates: RateTable;
  scheduler: Scheduler;
  faults: Faults;
  notifier: Notifier;
  /** Writes the state's changes to the data folder (no-op without one); reset forgets them. */
  persist: { flush(): void; reset(): void };
  /** HMAC key of card fingerprints (derived from UMF's key, so stable with a data folder). */
  fingerprintKey: Buffer;
  /** The sandbox origin (http://host:port), known once it listens. */
  origin(): string;
};

export const API_BASE = '/cberest/v1';

export function apiUrl(ctx: SandboxContext, path: string): string {
  return `${ctx.origin()}${API_BASE}${path}`;
}

export type Link = { ref: string; method: 'GET' | 'POST'; href: string };

export function link(ctx: SandboxContext, ref: string, method: Link['method'], path: string): Link {
  return { ref, method, href: apiUrl(ctx, path) };
}
