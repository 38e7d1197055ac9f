// Structured JSON logs (pino). Redaction is the second line of defence: code logs ids and
// codes, never bodies or headers; these paths catch a secret that slips into a log object.
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/config.ts';

export type AppLogger = Logger;

const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'set-cookie',
  'x-api-key',
  'apiKey',
  'merchantKey',
  'merchantApiKey',
  'clientSecret',
  'client_secret',
  'secret',
  'password',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'smsCode',
  'sms_code',
  'verifyCode',
  'verify_code',
  'cardNumber',
  'card_number',
  'cardHolder',
  'card_holder',
  'cvv2',
  'cvv',
  'validDate',
  'valid_date',
  'expiry',
  'idNumber',
  'identity_code',
  'identityCode',
  'ciphertext',
  'encrypted',
  'variables',
  'query',
];

/**
 * The SMS code deeper in a UMF execute body (under any log member): in payer_info or inside the
 * card in either spelling, wherever UmfProtocol.verifyCode sends it.
 */
const EXECUTE_CODE_PATHS = ['', 'bank_card.', 'bankCard.'].map(
  (card) => `*.payer.payer_info.${card}verify_code`,
);

/** Every key above at the top level, one level down, and inside `req.headers`. */
export const REDACT_PATHS = [
  ...SECRET_KEYS,
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
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
