// Strict mode: by default the sandbox accepts every variant real UMF clients send; a strict
// setting makes it refuse all but one variant, the way UMF would, so a client's tests prove it
// sends what it is set to. Keys and values are the UMF client's protocol settings plus the
// sandbox-only `tokenRequest`.
import {
  PROTOCOL_KEYS,
  PROTOCOL_SETTINGS,
  type ProtocolKey,
  type UmfProtocol,
} from '../umf/protocol.ts';
import { badRequest, UmfRefusal } from './errors.ts';

/** `strict` of SandboxOptions: every key optional; an unset key accepts every variant. */
export type SandboxStrict = Partial<UmfProtocol & { tokenRequest: 'json' | 'form' }>;
export type StrictKey = keyof SandboxStrict;

/** Each strict setting and its allowed values: the client's settings plus `tokenRequest`. */
export const STRICT_VALUES: { readonly [K in StrictKey]-?: readonly string[] } = {
  ...(Object.fromEntries(PROTOCOL_KEYS.map((key) => [key, PROTOCOL_SETTINGS[key].values])) as {
    [K in ProtocolKey]: readonly string[];
  }),
  tokenRequest: ['json', 'form'],
};

const KEYS = Object.keys(STRICT_VALUES) as StrictKey[];

function problemOf(key: string, value: unknown): string | undefined {
  if (!KEYS.includes(key as StrictKey))
    return `unknown strict setting "${key}"; one of ${KEYS.join(', ')}`;
  const allowed = STRICT_VALUES[key as StrictKey];
  if (typeof value !== 'string' || !allowed.includes(value))
    return `strict ${key} must be one of ${allowed.join(', ')}, got "${String(value)}"`;
  return undefined;
}

/** Checks factory options; throws an Error naming the key and the allowed values. */
export function validateStrict(strict: Record<string, unknown> | undefined): SandboxStrict {
  if (strict === undefined) return {};
  for (const [key, value] of Object.entries(strict)) {
    if (value === undefined) continue;
    const problem = problemOf(key, value);
    if (problem) throw new Error(problem);
  }
  return { ...strict } as SandboxStrict;
}

/** Parses UMF_SANDBOX_STRICT ("memberSpelling=sdk,refundShape=demo"); throws naming the part. */
export function parseStrictEnv(text: string | undefined): SandboxStrict {
  const strict: Record<string, string> = {};
  if (text === undefined || text.trim() === '') return {};
  for (const part of text.split(',')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const [key, value, extra] = trimmed.split('=').map((s) => s.trim());
    if (value === undefined || extra !== undefined)
      throw new Error(`UMF_SANDBOX_STRICT: "${trimmed}" is not key=value`);
    const problem = problemOf(key, value);
    if (problem) throw new Error(`UMF_SANDBOX_STRICT: ${problem}`);
    strict[key] = value;
  }
  return strict as SandboxStrict;
}

/** One line for logs and the README: "memberSpelling=sdk, refundShape=demo" or "none". */
export function describeStrict(strict: SandboxStrict): string {
  const parts = Object.entries(strict)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${value}`);
  return parts.length === 0 ? 'none (every variant accepted)' : parts.join(', ');
}

/** 400 00060700 naming what strict mode refused and why. */
export function strictRefusal(key: StrictKey, value: string, what: string): UmfRefusal {
  return badRequest('00060700', `${what} (strict ${key}=${value})`);
}

/** 401 for the Authorization header: UMF does not find a token it can read. */
export function strictHeaderRefusal(value: string, what: string): UmfRefusal {
  return new UmfRefusal(401, '00060700', `${what} (strict bearer=${value})`);
}
