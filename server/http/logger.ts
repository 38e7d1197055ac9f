// Structured JSON logs (pino). Redaction is the second line of defence: code logs ids and
// codes, never bodies or headers; the log formatter below catches a secret that slips into a
// log object.
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/config.ts';
import { type RedactOptions, redactSecrets } from '../umf/redact.ts';

export type AppLogger = Logger;

/**
 * Names pino itself writes at the top level of every line (`name` is the logger's name): a
 * secret's name from SECRET_KEYS that is one of these is redacted only further down. Deeper
 * than 8, a log member's object is replaced whole (nothing is logged that deep). One walk over
 * the log object instead of pino's path redaction, whose wildcard paths (every name at three
 * depths) cost more than the rest of a log line.
 */
const LOG_REDACTION: RedactOptions = { maxDepth: 8, keepAtTop: new Set(['name']) };

/** A log value with every secret member redacted (umf/redact.ts), for the log formatters. */
const redactLogValue = (value: unknown, depth = 0): unknown =>
  redactSecrets(value, LOG_REDACTION, depth);

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
