// Environment → typed, frozen configuration (README "Configuration"). Every problem is
// collected and reported at once in one ConfigError; no message ever contains a secret.
import type { KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { loadPrivateKey, loadPublicKey } from '../umf/crypto.ts';
import { PROTOCOL_KEYS, PROTOCOL_SETTINGS, protocolOf, type UmfProtocol } from '../umf/protocol.ts';
import { protect, redactUrl } from './redact.ts';
import {
  type Config,
  type DatabaseConfig,
  type Env,
  LOG_LEVELS,
  type LoadConfigOptions,
  type LogLevel,
  NODE_ENVS,
  type NodeEnv,
  type ReconcileConfig,
  type TrustProxy,
  type UmfConfig,
} from './types.ts';

export type {
  Config,
  DatabaseConfig,
  Env,
  LoadConfigOptions,
  LogLevel,
  NodeEnv,
  ReconcileConfig,
  TrustProxy,
  UmfConfig,
} from './types.ts';
export { LOG_LEVELS, NODE_ENVS } from './types.ts';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** One sentence per bad or missing variable. */
  readonly problems: readonly string[];
  /** Warnings found on the way (e.g. an unknown, probably misspelt, variable). */
  readonly warnings: readonly string[];

  constructor(problems: readonly string[], warnings: readonly string[] = []) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    const lines = [`Invalid configuration (${count}):`, ...problems.map((p) => `  - ${p}`)];
    if (warnings.length > 0) lines.push('Warnings:', ...warnings.map((w) => `  - ${w}`));
    super(lines.join('\n'));
    this.problems = Object.freeze([...problems]);
    this.warnings = Object.freeze([...warnings]);
  }
}

const KNOWN_VARIABLES = [
  'UMF_BASE_URL',
  'UMF_CLIENT_ID',
  'UMF_CLIENT_SECRET',
  'UMF_MERCHANT_PRIVATE_KEY',
  'UMF_MERCHANT_PRIVATE_KEY_FILE',
  'UMF_PUBLIC_KEY',
  'UMF_PUBLIC_KEY_FILE',
  'UMF_VERIFY_SIGNATURES',
  'UMF_SANDBOX_PORT',
  'MERCHANT_API_KEYS',
  'MERCHANT_WEBHOOK_URL',
  'MERCHANT_WEBHOOK_SECRET',
  'WEBHOOK_DELIVER_BACKLOG',
  'UMF_SUB_MERCHANT_ID',
  ...PROTOCOL_KEYS.map((key) => PROTOCOL_SETTINGS[key].env),
];
const REMOTE_ONLY = KNOWN_VARIABLES.slice(1, 7);
const MIN_SECRET_LENGTH = 32;

type Context = {
  readonly env: Env;
  readonly nodeEnv: NodeEnv;
  /** NODE_ENV was not set: development by default. */
  readonly nodeEnvUnset: boolean;
  readonly production: boolean;
  readonly problems: string[];
  readonly warnings: string[];
  readonly readFile: (path: string) => Buffer | string;
  readonly fileExists: (path: string) => boolean;
};

/** Reads and checks the environment; throws one ConfigError listing every problem. */
export function loadConfig(env: Env = process.env, options: LoadConfigOptions = {}): Config {
  const ctx = createContext(env, options);
  const port = readPort(ctx);
  const dataDir = value(ctx, 'DATA_DIR') ?? 'data';
  const config: Config = {
    nodeEnv: ctx.nodeEnv,
    port,
    host: readHost(ctx),
    logLevel: readLogLevel(ctx),
    dataDir,
    umf: readUmf(ctx),
    merchantApiKeys: readApiKeys(ctx),
    allowedOrigins: readOrigins(ctx),
    publicUrl: readPublicUrl(ctx, port),
    trustedDocumentsFiles: readTrustedDocuments(ctx),
    database: readDatabase(ctx, dataDir),
    merchantWebhook: readWebhook(ctx),
    webhookDeliverBacklog: readDeliverBacklog(ctx),
    trustProxy: readTrustProxy(ctx),
    idempotencyKeyTtlHours: readIdempotencyTtl(ctx),
    umfSubMerchantId: readSubMerchantId(ctx),
    refundDuplicatePayments: readRefundDuplicates(ctx),
    reconcile: readReconcile(ctx),
    warnings: ctx.warnings,
  };
  warnUnknown(ctx);
  if (ctx.problems.length > 0) throw new ConfigError(ctx.problems, ctx.warnings);
  return protect(config);
}

function createContext(env: Env, options: LoadConfigOptions): Context {
  const problems: string[] = [];
  const raw = env.NODE_ENV?.trim() || 'development';
  const known = (NODE_ENVS as readonly string[]).includes(raw);
  if (!known) problems.push(`NODE_ENV must be one of ${NODE_ENVS.join(', ')}, got ${shown(raw)}`);
  const nodeEnv = known ? (raw as NodeEnv) : 'development';
  return {
    env,
    nodeEnv,
    nodeEnvUnset: !env.NODE_ENV?.trim(),
    production: nodeEnv === 'production',
    problems,
    warnings: [],
    readFile: options.readFile ?? ((path) => readFileSync(path)),
    fileExists:
      options.fileExists ??
      ((path) => statSync(path, { throwIfNoEntry: false })?.isFile() === true),
  };
}

/** A variable's trimmed value; empty counts as unset (`FOO=` in a compose file). */
function value(ctx: Context, name: string): string | undefined {
  const trimmed = ctx.env[name]?.trim();
  return trimmed ? trimmed : undefined;
}

function list(raw: string): string[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function readPort(ctx: Context): number {
  const raw = value(ctx, 'PORT');
  if (raw === undefined) return 4000;
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  if (port >= 0 && port <= 65535) return port;
  ctx.problems.push(`PORT must be an integer between 0 and 65535, got ${shown(raw)}`);
  return 4000;
}

function readHost(ctx: Context): string | null {
  const raw = value(ctx, 'HOST');
  if (raw === undefined) return null;
  if (
    isIP(raw) !== 0 ||
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(raw)
  )
    return raw;
  ctx.problems.push(
    `HOST must be an address or host name to listen on (127.0.0.1, 0.0.0.0, ::, localhost), got ${shown(raw)}`,
  );
  return null;
}

function readLogLevel(ctx: Context): LogLevel {
  const raw = value(ctx, 'LOG_LEVEL');
  if (raw === undefined) return 'info';
  const level = LOG_LEVELS.find((candidate) => candidate === raw.toLowerCase());
  if (level !== undefined) return level;
  ctx.problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${shown(raw)}`);
  return 'info';
}

function readBoolean(ctx: Context, name: string, fallback: boolean): boolean {
  const raw = value(ctx, name);
  if (raw === undefined) return fallback;
  if (/^(true|1|yes|on)$/i.test(raw)) return true;
  if (/^(false|0|no|off)$/i.test(raw)) return false;
  ctx.problems.push(`${name} must be "true" or "false", got ${shown(raw)}`);
  return fallback;
}

function readUmf(ctx: Context): UmfConfig {
  const verifySignatures = readBoolean(ctx, 'UMF_VERIFY_SIGNATURES', true);
  const protocol = readProtocol(ctx);
  if (!verifySignatures)
    ctx.warnings.push(
      'UMF_VERIFY_SIGNATURES=false: signatures of UMF responses and notifications are NOT checked, ' +
        'so anyone who can reach the notify URL can forge payment results. Never run like this with real money.',
    );
  if (value(ctx, 'UMF_BASE_URL') === undefined) {
    if (ctx.production)
      ctx.problems.push(
        'UMF_BASE_URL is required in production (unset means the local sandbox of `npm start`)',
      );
    for (const name of REMOTE_ONLY.filter((n) => value(ctx, n) !== undefined))
      ctx.warnings.push(
        `${name} is ignored: UMF_BASE_URL is not set, so the in-process sandbox is used`,
      );
    return { mode: 'sandbox', verifySignatures, protocol };
  }
  const baseUrl = readUrl(ctx, 'UMF_BASE_URL', { httpsInProduction: 'error' });
  if (baseUrl !== undefined) refuseLiveInDevelopment(ctx, baseUrl);
  const clientId = required(ctx, 'UMF_CLIENT_ID');
  const clientSecret = required(ctx, 'UMF_CLIENT_SECRET');
  const merchantPrivateKey = readKey(ctx, 'UMF_MERCHANT_PRIVATE_KEY', 'private');
  const umfPublicKey = readKey(ctx, 'UMF_PUBLIC_KEY', 'public');
  if (!baseUrl || !clientId || !clientSecret || !merchantPrivateKey || !umfPublicKey)
    return { mode: 'sandbox', verifySignatures, protocol }; // never returned: problems were recorded
  const remote = { baseUrl, clientId, clientSecret, merchantPrivateKey, umfPublicKey };
  return { mode: 'remote', ...remote, verifySignatures, protocol };
}

/** One variable per protocol setting: one of its values (case ignored), the first by default. */
function readProtocol(ctx: Context): UmfProtocol {
  const chosen: Record<string, string> = {};
  for (const key of PROTOCOL_KEYS) {
    const { env, values } = PROTOCOL_SETTINGS[key];
    const raw = value(ctx, env);
    if (raw === undefined) continue;
    const match = values.find((candidate) => candidate.toLowerCase() === raw.toLowerCase());
    if (match === undefined)
      ctx.problems.push(`${env} must be one of ${values.join(', ')}, got ${shown(raw)}`);
    else chosen[key] = match;
  }
  return protocolOf(chosen as Partial<UmfProtocol>);
}

/**
 * Development mode opens CORS to every origin, prints a generated merchant key and shows
 * unmasked stack traces: it never talks to a real UMF, only to a sandbox on this machine.
 */
function refuseLiveInDevelopment(ctx: Context, baseUrl: string): void {
  if (ctx.nodeEnv !== 'development' || isLoopback(new URL(baseUrl).hostname)) return;
  const why =
    'development mode opens CORS to every origin, prints a generated merchant key and ' +
    'shows unmasked stack traces';
  const host = shown(new URL(baseUrl).host);
  ctx.problems.push(
    ctx.nodeEnvUnset
      ? `NODE_ENV is unset (development) but UMF_BASE_URL points at a live UMF (${host}): ${why}. ` +
          'Set NODE_ENV=production (or test), or point UMF_BASE_URL at a sandbox on this machine'
      : `NODE_ENV=development cannot run against a live UMF (UMF_BASE_URL host ${host}): ${why}. ` +
          'Set NODE_ENV=production (or test), or point UMF_BASE_URL at a sandbox on this machine',
  );
}

/** localhost, *.localhost, 127.0.0.0/8 and ::1: a sandbox on this machine. */
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '::ffff:127.0.0.1' || /^::ffff:7f/.test(host);
}

function required(ctx: Context, name: string): string | undefined {
  const raw = value(ctx, name);
  if (raw === undefined) ctx.problems.push(`${name} is required when UMF_BASE_URL is set`);
  return raw;
}

/** `NAME` (PEM text, `\n` escapes allowed) or `NAME_FILE` (a path: PEM or DER), exactly one. */
function readKey(ctx: Context, name: string, kind: 'private' | 'public'): KeyObject | undefined {
  const inline = value(ctx, name);
  const path = value(ctx, `${name}_FILE`);
  if (inline !== undefined && path !== undefined) {
    ctx.problems.push(`${name} and ${name}_FILE are both set: set only one`);
    return undefined;
  }
  if (inline === undefined && path === undefined) {
    ctx.problems.push(`${name} or ${name}_FILE is required when UMF_BASE_URL is set`);
    return undefined;
  }
  const source = path === undefined ? name : `${name}_FILE (${shown(path)})`;
  const material =
    path === undefined ? unescapeNewlines(inline ?? '') : readKeyFile(ctx, source, path);
  if (material === undefined) return undefined;
  return parseKey(ctx, source, material, kind);
}

function readKeyFile(ctx: Context, source: string, path: string): Buffer | string | undefined {
  try {
    return ctx.readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    ctx.problems.push(`${source} cannot be read${typeof code === 'string' ? ` (${code})` : ''}`);
    return undefined;
  }
}

function parseKey(
  ctx: Context,
  source: string,
  material: Buffer | string,
  kind: 'private' | 'public',
): KeyObject | undefined {
  // createPublicKey happily derives a public key from a private one: refuse the mix-up.
  if (kind === 'public' && material.toString().includes('PRIVATE KEY')) {
    ctx.problems.push(`${source} holds a private key; it must be UMF's public key or certificate`);
    return undefined;
  }
  try {
    return kind === 'private' ? loadPrivateKey(material) : loadPublicKey(material);
  } catch {
    ctx.problems.push(
      kind === 'private'
        ? `${source} is not a usable RSA private key (unencrypted PKCS#8 or PKCS#1, PEM or DER .p8)`
        : `${source} is not a usable RSA public key (X.509 certificate .crt, PEM or DER, or a public key)`,
    );
    return undefined;
  }
}

function unescapeNewlines(pem: string): string {
  return pem.includes('\n') ? pem : pem.replaceAll('\\n', '\n');
}

function readApiKeys(ctx: Context): readonly string[] | null {
  const raw = value(ctx, 'MERCHANT_API_KEYS');
  if (raw === undefined) {
    if (ctx.production)
      ctx.problems.push('MERCHANT_API_KEYS is required in production (comma-separated keys)');
    return null;
  }
  const keys = list(raw);
  if (keys.length === 0) ctx.problems.push('MERCHANT_API_KEYS is set but holds no key');
  keys.forEach((key, index) => {
    const which = `MERCHANT_API_KEYS key #${index + 1}`;
    if (key.length < MIN_SECRET_LENGTH)
      ctx.problems.push(
        `${which} is too short: keys need at least ${MIN_SECRET_LENGTH} characters`,
      );
    else if (!/^[\x21-\x7e]+$/.test(key))
      ctx.problems.push(`${which} may contain only printable ASCII without spaces`);
  });
  if (new Set(keys).size !== keys.length) ctx.warnings.push('MERCHANT_API_KEYS lists a key twice');
  return keys;
}

function readOrigins(ctx: Context): '*' | readonly string[] {
  const raw = value(ctx, 'ALLOWED_ORIGINS');
  const entries = list(raw ?? '');
  if (raw === undefined || entries.includes('*')) {
    if (ctx.production)
      ctx.problems.push(
        raw === undefined
          ? 'ALLOWED_ORIGINS is required in production (comma-separated origins, e.g. https://shop.example.com)'
          : 'ALLOWED_ORIGINS must list origins in production, not *',
      );
    return '*';
  }
  if (entries.length === 0) ctx.problems.push('ALLOWED_ORIGINS is set but lists no origin');
  return entries.flatMap((entry) => {
    const origin = originOf(entry);
    if (origin !== undefined) return [origin];
    ctx.problems.push(
      `ALLOWED_ORIGINS entry ${shown(entry)} is not an origin: scheme http or https, host, ` +
        'optional port, no path or trailing slash (e.g. https://shop.example.com)',
    );
    return [];
  });
}

/** The normalised origin (lower-case host, default port dropped), or undefined. */
function originOf(entry: string): string | undefined {
  if (!/^https?:\/\/[^/?#@\\]+$/i.test(entry) || !URL.canParse(entry)) return undefined;
  return new URL(entry).origin;
}

type UrlRules = {
  httpsInProduction: 'error' | 'warning';
  /** A webhook receiver may take a token in the query; base URLs get paths appended. */
  allowQuery?: boolean;
};

/** An absolute http(s) URL without fragment (or query, unless allowed), trailing slash removed. */
function readUrl(ctx: Context, name: string, rules: UrlRules): string | undefined {
  const raw = value(ctx, name);
  if (raw === undefined) return undefined;
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    ctx.problems.push(`${name} must be an absolute http(s) URL, got ${shown(raw)}`);
    return undefined;
  }
  if (url.hash || (url.search && !rules.allowQuery))
    ctx.problems.push(
      `${name} must not have a ${rules.allowQuery ? 'fragment' : 'query or fragment'}`,
    );
  if (ctx.production && url.protocol === 'http:') {
    const sentence = `${name} must use https in production, got ${shown(raw)}`;
    (rules.httpsInProduction === 'error' ? ctx.problems : ctx.warnings).push(sentence);
  }
  return url.search ? url.href : url.href.replace(/\/+$/, '');
}

function readPublicUrl(ctx: Context, port: number): string {
  const url = readUrl(ctx, 'PUBLIC_URL', { httpsInProduction: 'warning' });
  if (url !== undefined) return url;
  if (ctx.production && value(ctx, 'PUBLIC_URL') === undefined)
    ctx.problems.push(
      'PUBLIC_URL is required in production (the address UMF sends notifications to)',
    );
  return `http://localhost:${port}`;
}

function readTrustedDocuments(ctx: Context): readonly string[] {
  const paths = list(value(ctx, 'TRUSTED_DOCUMENTS_FILES') ?? '');
  for (const path of paths.filter((p) => !ctx.fileExists(p)))
    ctx.problems.push(
      `TRUSTED_DOCUMENTS_FILES names ${shown(path)}, which is not an existing file`,
    );
  return paths;
}

function readDatabase(ctx: Context, dataDir: string): DatabaseConfig {
  const raw = value(ctx, 'DATABASE_URL');
  if (raw === undefined) return { kind: 'sqlite', file: join(dataDir, 'umf-checkout.sqlite') };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1]?.toLowerCase();
  const parses = URL.canParse(raw);
  if ((scheme === 'postgres' || scheme === 'postgresql') && parses)
    return { kind: 'postgres', url: raw };
  // Only the scheme is echoed: the rest may hold a password.
  ctx.problems.push(
    parses && scheme
      ? `DATABASE_URL must be a postgres:// or postgresql:// URL (unset: SQLite in DATA_DIR), got a ${scheme}: URL`
      : 'DATABASE_URL must be a postgres:// or postgresql:// URL (unset: SQLite in DATA_DIR); it does not parse as a URL',
  );
  return { kind: 'sqlite', file: join(dataDir, 'umf-checkout.sqlite') };
}

function readWebhook(ctx: Context): Config['merchantWebhook'] {
  const url = readUrl(ctx, 'MERCHANT_WEBHOOK_URL', {
    httpsInProduction: 'warning',
    allowQuery: true,
  });
  const secret = value(ctx, 'MERCHANT_WEBHOOK_SECRET');
  if (value(ctx, 'MERCHANT_WEBHOOK_URL') === undefined) {
    if (secret !== undefined)
      ctx.warnings.push('MERCHANT_WEBHOOK_SECRET is ignored: MERCHANT_WEBHOOK_URL is not set');
    return null;
  }
  if (secret === undefined)
    ctx.problems.push('MERCHANT_WEBHOOK_SECRET is required when MERCHANT_WEBHOOK_URL is set');
  else if (secret.length < MIN_SECRET_LENGTH)
    ctx.problems.push(
      `MERCHANT_WEBHOOK_SECRET must be at least ${MIN_SECRET_LENGTH} characters long`,
    );
  return url === undefined || secret === undefined ? null : { url, secret };
}

/** WEBHOOK_DELIVER_BACKLOG: send, at start, the events held while no webhook URL was set. */
function readDeliverBacklog(ctx: Context): boolean {
  const on = readBoolean(ctx, 'WEBHOOK_DELIVER_BACKLOG', false);
  if (on && value(ctx, 'MERCHANT_WEBHOOK_URL') === undefined)
    ctx.warnings.push('WEBHOOK_DELIVER_BACKLOG is ignored: MERCHANT_WEBHOOK_URL is not set');
  return on;
}

const MAX_PROXY_HOPS = 10;

/** TRUST_PROXY: unset (trust no proxy), a hop count, or IP addresses and CIDR ranges. */
function readTrustProxy(ctx: Context): TrustProxy {
  const raw = value(ctx, 'TRUST_PROXY');
  if (raw === undefined || raw === '0') return { kind: 'none' };
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops <= MAX_PROXY_HOPS) return { kind: 'hops', hops };
  }
  const ranges = list(raw);
  const bad = ranges.filter((range) => !isAddressRange(range));
  if (ranges.length > 0 && bad.length === 0) return { kind: 'ranges', ranges };
  ctx.problems.push(
    `TRUST_PROXY must be the number of proxies in front of the server (0–${MAX_PROXY_HOPS}) or ` +
      'a comma-separated list of their IP addresses or CIDR ranges (e.g. 10.0.0.0/8, ::1), ' +
      `got ${shown(bad[0] ?? raw)}`,
  );
  return { kind: 'none' };
}

/** An IPv4 or IPv6 address, optionally with a /prefix within the address's length. */
function isAddressRange(range: string): boolean {
  const [address, prefix, extra] = range.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const MIN_IDEMPOTENCY_HOURS = 24;
const MAX_IDEMPOTENCY_HOURS = 24 * 30;

function readIdempotencyTtl(ctx: Context): number {
  const raw = value(ctx, 'IDEMPOTENCY_KEY_TTL_HOURS');
  if (raw === undefined) return MIN_IDEMPOTENCY_HOURS;
  const hours = /^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (hours >= MIN_IDEMPOTENCY_HOURS && hours <= MAX_IDEMPOTENCY_HOURS) return hours;
  ctx.problems.push(
    `IDEMPOTENCY_KEY_TTL_HOURS must be a whole number of hours between ${MIN_IDEMPOTENCY_HOURS} ` +
      `and ${MAX_IDEMPOTENCY_HOURS}, got ${shown(raw)}`,
  );
  return MIN_IDEMPOTENCY_HOURS;
}

function readSubMerchantId(ctx: Context): string | null {
  const raw = value(ctx, 'UMF_SUB_MERCHANT_ID');
  if (raw === undefined) return null;
  if (/^[\w-]{1,32}$/.test(raw)) return raw;
  ctx.problems.push(
    `UMF_SUB_MERCHANT_ID must be 1 to 32 letters, digits, "_" or "-" (as UMF assigned it), got ${shown(raw)}`,
  );
  return null;
}

function readRefundDuplicates(ctx: Context): boolean {
  const on = readBoolean(ctx, 'REFUND_DUPLICATE_PAYMENTS', true);
  if (!on)
    ctx.warnings.push(
      'REFUND_DUPLICATE_PAYMENTS=false: a customer charged twice for one checkout stays charged ' +
        'until you refund the duplicate (payment.duplicate webhook, refundPayment with attemptId)',
    );
  return on;
}

/** A whole number of milliseconds within [min, max], or the default. */
function readMs(ctx: Context, name: string, fallback: number, min: number, max: number): number {
  const raw = value(ctx, name);
  if (raw === undefined) return fallback;
  const ms = /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
  if (ms >= min && ms <= max) return ms;
  ctx.problems.push(
    `${name} must be a whole number of milliseconds from ${min} to ${max}, got ${shown(raw)}`,
  );
  return fallback;
}

function readReconcile(ctx: Context): ReconcileConfig {
  const intervalMs = readMs(ctx, 'RECONCILE_INTERVAL_MS', 2_000, 100, 600_000);
  const graceMs = readMs(ctx, 'RECONCILE_GRACE_MS', 120_000, 0, 86_400_000);
  const maxDelayMs = readMs(ctx, 'RECONCILE_MAX_DELAY_MS', 300_000, 5_000, 86_400_000);
  if (ctx.production && graceMs < 30_000)
    ctx.warnings.push(
      'RECONCILE_GRACE_MS is below 30000: an execute UMF is still processing may be offered to the customer again',
    );
  return { intervalMs, graceMs, maxDelayMs };
}

function warnUnknown(ctx: Context): void {
  for (const name of Object.keys(ctx.env).sort()) {
    if (/^(UMF|MERCHANT)_/.test(name) && !KNOWN_VARIABLES.includes(name))
      ctx.warnings.push(`${name} is not a variable this server reads (a typo?)`);
  }
}

/** A value quoted for a message: URL credentials and secret-looking query values hidden, cut short. */
function shown(raw: string): string {
  const text = URL.canParse(raw) ? redactUrl(raw) : raw;
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}
