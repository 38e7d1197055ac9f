// Structured JSON logs (pino). Redaction is the second line of defence: code logs ids and
// codes, never bodies or headers; these paths catch a secret that slips into a log object.
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/config.ts';
import { REDACTED, SECRET_KEYS } from '../umf/redact.ts';

export type AppLogger = Logger;

/**
 * Names pino itself writes at the top level of every line (`name` is the logger's name): a
 * secret's name from SECRET_KEYS that is one of these is redacted only further down.
 */
const OWN_FIELDS = new Set(['name']);

/**
 * The SMS code deeper in a UMF execute body (under any log member): in payer_info or inside the
 * card in either spelling, wherever UmfProtocol.verifyCode sends it.
 */
const EXECUTE_CODE_PATHS = ['', 'bank_card.', 'bankCard.'].map(
  (card) => `*.payer.payer_info.${card}verify_code`,
);

/** Every key above at the top level, one level down, and inside `req.headers`. */
export const REDACT_PATHS = [
  ...SECRET_KEYS.filter((key) => !OWN_FIELDS.has(key)),
  ...SECRET_KEYS.map((key) => `*.${key}`),
  ...SECRET_KEYS.map((key) => `*.*.${key}`),
  ...EXECUTE_CODE_PATHS,
  'req.headers.authorization',
  'req.headers.cookie',
];

export function createLogger(
  options: { level: LogLevel; name?: string },
  destination?: DestinationStream,
): AppLogger {
  return pino(
    {
      name: options.name ?? 'umf-checkout',
      level: options.level,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
