// Structured JSON logs (pino). Redaction is the second line of defence: code logs ids and
// codes, never bodies or headers; the log formatter below catches a secret that slips into a
// log object.
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/config.ts';
import { REDACTED, SECRET_KEYS } from '../umf/redact.ts';

export type AppLogger = Logger;

/**
 * Names pino itself writes at the top level of every line (`name` is the logger's name): a
 * secret's name from SECRET_KEYS that is one of these is redacted only further down.
 */
const OWN_FIELDS = new Set(['name']);

const SECRETS = new Set(SECRET_KEYS.map((key) => key.toLowerCase()));

/** Deeper than this, a log member's object is replaced whole (nothing is logged that deep). */
const MAX_DEPTH = 8;

const isSecret = (key: string) => SECRETS.has(key) || SECRETS.has(key.toLowerCase());

/**
 * `value` with every member named in SECRET_KEYS (any letter case, at any depth, in objects
 * and arrays) replaced by REDACTED. Copy on write: what holds no secret is returned as it is,
 * and the caller's object is never changed. One walk over the log object instead of pino's
 * path redaction, whose wildcard paths (every name at three depths) cost more than the rest of
 * a log line.
 */
export function redactLogValue(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return value;
  if (depth > MAX_DEPTH) return REDACTED;
  const json = (value as { toJSON?: unknown }).toJSON;
  if (typeof json === 'function') {
    // What JSON.stringify would write (a Date's text, a URL's href): redact that instead.
    const written: unknown = json.call(value);
    return written === value ? value : redactLogValue(written, depth);
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i += 1) {
      const clean = redactLogValue(value[i], depth + 1);
      if (clean !== value[i]) {
        copy ??= value.slice();
        copy[i] = clean;
      }
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const entry = record[key];
    if (entry === undefined) continue;
    const secret = isSecret(key) && !(depth === 0 && OWN_FIELDS.has(key));
    const clean = secret ? REDACTED : redactLogValue(entry, depth + 1);
    if (clean !== entry) {
      copy ??= { ...record };
      copy[key] = clean;
    }
  }
  return copy ?? value;
}

/**
 * A log call's object, but for `err`: pino serialises that member after this formatter runs
 * (and the serialiser below redacts it).
 */
function redactLogObject(object: Record<string, unknown>): Record<string, unknown> {
  if (object.err === undefined) return redactLogValue(object) as Record<string, unknown>;
  const { err, ...rest } = object;
  const clean = redactLogValue(rest);
  return clean === rest ? object : { ...(clean as Record<string, unknown>), err };
}

/** `err` as pino writes an error (type, message, stack, its own members), then redacted. */
const redactError = (err: unknown) => redactLogValue(pino.stdSerializers.err(err as Error), 1);

export function createLogger(
  options: { level: LogLevel; name?: string },
  destination?: DestinationStream,
): AppLogger {
  return pino(
    {
      name: options.name ?? 'umf-checkout',
      level: options.level,
      serializers: { err: redactError },
      formatters: {
        log: redactLogObject,
        bindings: (bindings) => redactLogValue(bindings) as Record<string, unknown>,
      },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
