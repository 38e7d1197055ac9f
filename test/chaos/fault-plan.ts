// The faults a chaos run asks the sandbox for (POST /__sandbox/faults), seeded by the run's
// seed: on every UMF endpoint the BFF calls, HTTP 500s, resets before and after the state
// change, bad response signatures and latency (now and then past the point a caller would
// wait); on notifications, duplicates, delays, stale copies after the final one, and drops
// (some lost for good: every retry dropped).
import {
  type FaultConfig,
  type FaultRule,
  SANDBOX_ENDPOINTS,
  type SandboxEndpoint,
} from '../../server/sandbox/types.ts';

/** Every UMF endpoint a checkout uses (not reports, customs or WeChat's openid). */
export const FAULTED_ENDPOINTS: readonly SandboxEndpoint[] = SANDBOX_ENDPOINTS.filter(
  (endpoint) =>
    !/^(transactions|reconciliation|applyToCustoms|getCustoms|wechatOpenid)/.test(endpoint),
);

/** `rate`: the chance of each kind of fault per request (0 turns faults off). */
export function faultPlan(seed: number, rate: number): FaultConfig {
  if (rate <= 0) return { seed, rules: [], notifications: [] };
  const rules: FaultRule[] = FAULTED_ENDPOINTS.flatMap((endpoint): FaultRule[] => [
    { endpoint, errorRate: rate },
    { endpoint, reset: 'before', rate },
    { endpoint, reset: 'after', rate },
    { endpoint, badSignature: true, rate },
    { endpoint, latencyMs: 150, rate: 0.2 },
    { endpoint, latencyMs: 1500, rate: rate / 2 },
  ]);
  const notifications = [
    { rate: 0.15, duplicate: 1 },
    { rate: 0.1, delayMs: 2000 },
    { rate: 0.15, outOfOrder: true },
    { rate: 0.1, drop: 2 },
    { rate: Math.min(1, rate * 2), drop: 8 },
  ];
  return { seed, rules, notifications };
}
