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
  notifications(): NotificationFaults;
};

type LiveRule = FaultRule & { remaining: number };

export function createFaults(defaultSeed?: number): Faults {
  let rules: LiveRule[] = [];
  let notificationFaults: NotificationFaults = {};
  let random: Random = createRandom(defaultSeed);
  return {
    configure(config) {
      random = createRandom(config.seed ?? defaultSeed);
      rules = (config.rules ?? []).map((rule) => ({
        ...rule,
        remaining: rule.times ?? Number.POSITIVE_INFINITY,
      }));
      notificationFaults = { ...(config.notifications ?? {}) };
    },
    clear() {
      rules = [];
      notificationFaults = {};
    },
    draw(endpoint) {
      const draw: FaultDraw = { latencyMs: 0, error: false, reset: undefined, badSignature: false };
      for (const rule of rules) {
        if (rule.endpoint !== endpoint || rule.remaining <= 0) continue;
        rule.remaining -= 1;
        draw.latencyMs += rule.latencyMs ?? 0;
        if (rule.errorRate !== undefined && random.next() < rule.errorRate) draw.error = true;
        draw.reset ??= rule.reset;
        if (rule.badSignature) draw.badSignature = true;
      }
      return draw;
    },
    notifications: () => notificationFaults,
  };
}

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
  }
  const notifications = config.notifications;
  if (notifications !== undefined && (typeof notifications !== 'object' || notifications === null))
    return 'notifications must be an object';
  return undefined;
}
