// How a Config prints: secrets redacted in JSON, console.log / util.inspect and pino, so that the
// configuration can be logged at start.
import type { KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { publicKeyJwk } from '../umf/crypto.ts';
import { REDACTED } from '../umf/redact.ts';
import type { Config, DatabaseConfig, UmfConfig } from './types.ts';

const SECRET_PARAM = /pass|secret|token|key|sig|auth|cred/i;

/** The URL with its password and secret-looking query values replaced; as given otherwise. */
export function redactUrl(raw: string): string {
  if (!URL.canParse(raw)) return REDACTED;
  const url = new URL(raw);
  const secretParams = [...url.searchParams.keys()].filter((name) => SECRET_PARAM.test(name));
  if (!url.password && secretParams.length === 0) return raw;
  if (url.password) url.password = REDACTED;
  for (const name of secretParams) url.searchParams.set(name, REDACTED);
  return url.href.replaceAll(encodeURIComponent(REDACTED), REDACTED);
}

/** The configuration without secrets, for the start-up log. */
export function redactedConfig(config: Config): Record<string, unknown> {
  return {
    nodeEnv: config.nodeEnv,
    port: config.port,
    host: config.host,
    logLevel: config.logLevel,
    dataDir: config.dataDir,
    umf: redactedUmf(config.umf),
    merchantApiKeys: config.merchantApiKeys === null ? null : redactedKeys(config.merchantApiKeys),
    allowedOrigins: config.allowedOrigins,
    publicUrl: redactUrl(config.publicUrl),
    trustedDocumentsFiles: config.trustedDocumentsFiles,
    database: redactedDatabase(config.database),
    merchantWebhook:
      config.merchantWebhook === null
        ? null
        : { url: redactUrl(config.merchantWebhook.url), secret: REDACTED },
    webhookDeliverBacklog: config.webhookDeliverBacklog,
    trustProxy: config.trustProxy,
    idempotencyKeyTtlHours: config.idempotencyKeyTtlHours,
    refundDuplicatePayments: config.refundDuplicatePayments,
    reconcile: config.reconcile,
    warnings: config.warnings,
  };
}

function redactedUmf(umf: UmfConfig): Record<string, unknown> {
  if (umf.mode === 'sandbox')
    return { mode: umf.mode, verifySignatures: umf.verifySignatures, protocol: umf.protocol };
  const bits = (key: KeyObject) => key.asymmetricKeyDetails?.modulusLength ?? '?';
  return {
    mode: umf.mode,
    baseUrl: redactUrl(umf.baseUrl),
    clientId: umf.clientId,
    clientSecret: REDACTED,
    merchantPrivateKey: `RSA ${bits(umf.merchantPrivateKey)}-bit private key`,
    umfPublicKey: `RSA ${bits(umf.umfPublicKey)}-bit public key, kid ${publicKeyJwk(umf.umfPublicKey).kid}`,
    verifySignatures: umf.verifySignatures,
    protocol: umf.protocol,
  };
}

function redactedKeys(keys: readonly string[]): string {
  return `${keys.length} ${keys.length === 1 ? 'key' : 'keys'} ${REDACTED}`;
}

function redactedDatabase(database: DatabaseConfig): Record<string, unknown> {
  return database.kind === 'sqlite'
    ? { ...database }
    : { kind: database.kind, url: redactUrl(database.url) };
}

/**
 * Freezes the config; the parts holding secrets print as their redacted form in
 * JSON.stringify, console.log and pino, so a stray log line cannot leak them.
 */
export function protect(config: Config): Config {
  guard(config.umf, () => redactedUmf(config.umf));
  guard(config.database, () => redactedDatabase(config.database));
  if (config.merchantApiKeys)
    guard(config.merchantApiKeys, () => redactedKeys(config.merchantApiKeys ?? []));
  if (config.merchantWebhook)
    guard(config.merchantWebhook, () => redactedConfig(config).merchantWebhook);
  guard(config, () => redactedConfig(config));
  for (const part of [config.umf, config.database, config.merchantWebhook, config.merchantApiKeys])
    if (part) Object.freeze(part);
  for (const part of [
    config.allowedOrigins,
    config.trustedDocumentsFiles,
    config.warnings,
    config.reconcile,
  ])
    Object.freeze(part);
  if (config.trustProxy.kind === 'ranges') Object.freeze(config.trustProxy.ranges);
  Object.freeze(config.trustProxy);
  return Object.freeze(config);
}

function guard(target: object, redacted: () => unknown): void {
  Object.defineProperty(target, 'toJSON', { value: redacted, enumerable: false });
  Object.defineProperty(target, inspect.custom, { value: redacted, enumerable: false });
}
