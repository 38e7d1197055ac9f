// POST /umf/notify (docs/umf-protocol.md §6): UMF's notifications in, signed in the `Signature`
// header over the raw body bytes. UMF retries until it gets HTTP 2xx with ret_code 0000, so only
// an applied notification is acknowledged:
// a refused one (bad signature, malformed, too large) or one we failed to apply gets a
// non-0000 answer and comes again later. `apply` is idempotent and monotonic, so the
// duplicates and stale copies UMF sends change nothing.

import type { Logger } from '../../common/logger.ts';
import { UmfError } from '../umf/errors.ts';
import type { NotificationsResource, UmfNotification } from '../umf/notifications.ts';

export type UmfNotifyOptions = {
  /** The UMF client, or just its notifications resource (parse + ack). */
  umf: { notifications: NotificationsResource };
  /**
   * Applies the result to the checkout state; throws when it could not (store down …).
   * Answers `{ refused }` when the notification is not what we asked UMF for (another amount,
   * currency or reference): it is then refused, not acknowledged, and logged at error.
   */
  apply: (notification: UmfNotification) => Promise<unknown>;
  logger: Logger;
  /**
   * Reads the raw body, or answers undefined once it is larger than `maxBytes` (the HTTP
   * layer's reader, server/http/body-limit.ts, given by the composition root).
   */
  readBody: (request: Request, maxBytes: number) => Promise<Uint8Array | undefined>;
  /** Largest body accepted, in bytes; default 64 KiB. */
  maxBytes?: number;
  /** The Response class of the answers (default the global one): the HTTP layer hands its app's. */
  Response?: typeof Response;
};

/** The ret_codes of our non-acknowledging answers (docs/umf-protocol.md §9). */
export const NOTIFY_RET_CODES = {
  /** The notification was refused: bad or missing signature, malformed, too large. */
  REJECTED: '00060700',
  /** We could not apply it now: UMF should send it again. */
  SYSTEM_ERROR: '00060999',
} as const;

export function createUmfNotifyHandler(
  options: UmfNotifyOptions,
): (request: Request) => Promise<Response> {
  const { umf, apply, logger, readBody } = options;
  const maxBytes = options.maxBytes ?? 64 * 1024;
  const Answer = options.Response ?? Response;
  const refusal = (
    status: number,
    message: string,
    retCode: string,
    headers: Record<string, string> = {},
  ): Response =>
    new Answer(JSON.stringify({ meta: { ret_code: retCode, ret_msg: message } }), {
      status,
      headers: { ...headers, 'Content-Type': 'application/json' },
    });

  return async (request) => {
    if (request.method !== 'POST')
      return refusal(405, 'method not allowed', NOTIFY_RET_CODES.REJECTED, { Allow: 'POST' });
    const raw = await readBody(request, maxBytes);
    if (raw === undefined) {
      logger.warn({ maxBytes }, 'UMF notification refused: body too large');
      return refusal(413, 'notification too large', NOTIFY_RET_CODES.REJECTED);
    }
    let notification: UmfNotification;
    try {
      notification = umf.notifications.parse(raw, request.headers.get('signature'));
    } catch (error) {
      if (!(error instanceof UmfError)) {
        logger.error({ error: errorText(error) }, 'UMF notification could not be read');
        return refusal(500, 'system busy, try again', NOTIFY_RET_CODES.SYSTEM_ERROR);
      }
      // Never the body: it is untrusted and may carry anything.
      logger.warn({ code: error.code, bytes: raw.byteLength }, 'UMF notification refused');
      return refusal(400, 'notification refused', NOTIFY_RET_CODES.REJECTED);
    }
    const summary = summarize(notification);
    let outcome: unknown;
    try {
      outcome = await apply(notification);
    } catch (error) {
      logger.error({ ...summary, error: errorText(error) }, 'UMF notification not applied');
      return refusal(500, 'system busy, try again', NOTIFY_RET_CODES.SYSTEM_ERROR);
    }
    if (isRefusal(outcome)) {
      logger.error({ ...summary, reason: outcome.refused }, 'UMF notification refused');
      return refusal(400, 'notification refused', NOTIFY_RET_CODES.REJECTED);
    }
    logger.info(summary, 'UMF notification applied');
    const ack = umf.notifications.ack(notification);
    return new Answer(ack.body, { status: ack.status, headers: ack.headers });
  };
}

function isRefusal(outcome: unknown): outcome is { refused: string } {
  return typeof (outcome as { refused?: unknown } | undefined)?.refused === 'string';
}

/** What a log line may say about a notification: kind, id and state — never card data. */
function summarize(notification: UmfNotification): Record<string, unknown> {
  switch (notification.kind) {
    case 'payment':
      return { kind: 'payment', id: notification.payment.id, state: notification.payment.state };
    case 'refund':
      return { kind: 'refund', id: notification.refund.id, state: notification.refund.state };
    case 'customs':
      return {
        kind: 'customs',
        ids: notification.customsDeclarations.map((c) => c.id ?? null),
        states: notification.customsDeclarations.map((c) => c.state ?? null),
      };
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown';
}
