// Injected faults (POST /__sandbox/faults): per-endpoint latency, HTTP 500s, connection resets
// before or after the state change, bad response signatures; and notification faults. Draws
// come from a PRNG seeded by the fault config, so a seeded run replays the same faults.
import { createRandom, type Random } from './random.ts';
import {
  type FaultConfig,
  type FaultRule,
  type NotificationFaults,
  SANDBOX_ENDPOINTS,
  type SandboxEndpoint,
} from './types.ts';

export type FaultDraw = {
  latencyMs: number;
  error: boolean;
  reset: 'before' | 'after' | undefined;
  badSignature: boolean;
};

export type Faults = {
  configure(config: FaultConfig): void;
  clear(): void;
  /** The faults for one request to this endpoint; consumes the rules' `times`. */
  draw(endpoint: SandboxEndpoint): FaultDraw;
  /** The faults for one notification: every configured set its `rate` draws, merged. */
  notifications(): NotificationFaults;
};

type LiveRule = FaultRule & { remaining: number };

export function createFaults(defaultSeed?: number): Faults {
  let rules: LiveRule[] = [];
  let notificationFaults: NotificationFaults[] = [];
  let random: Random = createRandom(defaultSeed);
  return {
    configure(config) {
      random = createRandom(config.seed ?? defaultSeed);
      rules = (config.rules ?? []).map((rule) => ({
        ...rule,
        remaining: rule.times ?? Number.POSITIVE_INFINITY,
      }));
      notificationFaults = [config.notifications ?? []].flat().map((set) => ({ ...set }));
    },
    clear() {
      rules = [];
      notificationFaults = [];
    },
    draw(endpoint) {
      const draw: FaultDraw = { latencyMs: 0, error: false, reset: undefined, badSignature: false };
      for (const rule of rules) {
        if (rule.endpoint !== endpoint || rule.remaining <= 0) continue;
        if (rule.errorRate !== undefined && random.next() < rule.errorRate) draw.error = true;
        if (rule.rate !== undefined && random.next() >= rule.rate) continue;
        rule.remaining -= 1;
        draw.latencyMs += rule.latencyMs ?? 0;
        draw.reset ??= rule.reset;
        if (rule.badSignature) draw.badSignature = true;
      }
      return draw;
    },
    notifications: () =>
      notificationFaults
        .filter((set) => set.rate === undefined || random.next() < set.rate)
        .reduce(mergeNotificationFaults, {}),
  };
}

function mergeNotificationFaults(a: NotificationFaults, b: NotificationFaults): NotificationFaults {
  const most = (x?: number, y?: number) => Math.max(x ?? 0, y ?? 0);
  return {
    duplicate: most(a.duplicate, b.duplicate),
    delayMs: (a.delayMs ?? 0) + (b.delayMs ?? 0),
    outOfOrder: Boolean(a.outOfOrder || b.outOfOrder),
    drop: most(a.drop, b.drop),
  };
}

const isRate = (value: unknown) =>
  value === undefined || (typeof value === 'number' && value >= 0 && value <= 1);

/** Why a posted fault config is unusable, or undefined when it is fine. */
export function faultConfigProblem(config: Record<string, unknown>): string | undefined {
  if (config.seed !== undefined && !Number.isInteger(config.seed)) return 'seed must be an integer';
  const rules = config.rules ?? [];
  if (!Array.isArray(rules)) return 'rules must be an array';
  for (const rule of rules as Record<string, unknown>[]) {
    if (typeof rule !== 'object' || rule === null) return 'each rule must be an object';
    if (!SANDBOX_ENDPOINTS.includes(rule.endpoint as SandboxEndpoint))
      return `unknown endpoint ${String(rule.endpoint)}; one of ${SANDBOX_ENDPOINTS.join(', ')}`;
    if (rule.reset !== undefined && rule.reset !== 'before' && rule.reset !== 'after')
      return 'reset must be "before" or "after"';
    if (!isRate(rule.rate) || !isRate(rule.errorRate))
      return 'rate and errorRate must be numbers from 0 to 1';
  }
  const notifications = config.notifications ?? [];
  for (const set of [notifications].flat() as unknown[]) {
    if (typeof set !== 'object' || set === null)
      return 'notifications must be an object or an array of objects';
    if (!isRate((set as NotificationFaults).rate)) return 'notifications rate must be from 0 to 1';
  }
  return undefined;
}
