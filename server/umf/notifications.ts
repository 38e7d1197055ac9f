// UMF's notifications (docs/umf-protocol.md §6): parse and verify an incoming body, and build the
// acknowledgement UMF waits for (it retries until it gets ret_code 0000).
import { signBytes, type UmfKeys, verifyEnvelope } from './crypto.ts';
import { jsonOf } from './envelope.ts';
import { umfErrorFrom } from './errors.ts';
import {
  arrayOf,
  isRecord,
  parseCustomsDeclaration,
  parsePayment,
  parseRefund,
  ShapeError,
} from './parse.ts';
import type { CustomsDeclaration, Payment, Refund } from './types.ts';

export type UmfNotification =
  | { kind: 'payment'; payment: Payment }
  | { kind: 'refund'; refund: Refund }
  | { kind: 'customs'; customsDeclarations: CustomsDeclaration[] };

/** Ready to write: `res.writeHead(ack.status, ack.headers).end(ack.body)`. */
export type Acknowledgement = {
  status: 200;
  headers: Record<string, string>;
  body: string;
  json: Record<string, unknown>;
};

export type NotificationsResource = {
  /** Verifies `meta.sign` (unless disabled) and returns the typed object; throws UmfError. */
  parse(rawBody: string | Uint8Array): UmfNotification;
  /** The answer that stops UMF's retries for this notification. */
  ack(notification: UmfNotification): Acknowledgement;
};

export const NOTIFY_ENDPOINT = 'POST {notify_url}';

export function createNotifications(options: {
  keys: UmfKeys;
  verify: boolean;
  newRequestId: () => string;
}): NotificationsResource {
  const fail = (code: 'SIGNATURE_INVALID' | 'MALFORMED_RESPONSE', reason: string) =>
    umfErrorFrom({ code, endpoint: NOTIFY_ENDPOINT, requestId: options.newRequestId(), reason });

  return {
    parse(rawBody) {
      const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
      const json = jsonOf(text);
      if (!isRecord(json))
        throw fail('MALFORMED_RESPONSE', 'the notification is not a JSON object');
      if (options.verify && !verifyEnvelope(json, options.keys.umfPublicKey, options.keys.hash))
        throw fail('SIGNATURE_INVALID', 'the notification meta.sign is missing or wrong');
      try {
        return notificationOf(json);
      } catch (error) {
        if (error instanceof ShapeError) throw fail('MALFORMED_RESPONSE', error.message);
        throw error;
      }
    },
    ack(notification) {
      const json = { meta: { ret_code: '0000', ret_msg: 'success' }, ...ackObject(notification) };
      const body = JSON.stringify(json);
      const signature = signBytes(
        Buffer.from(body, 'utf8'),
        options.keys.merchantPrivateKey,
        options.keys.hash,
      );
      return {
        status: 200,
        headers: { 'Content-Type': 'application/json; charset=UTF-8', Signature: signature },
        body,
        json,
      };
    },
  };
}

function notificationOf(json: Record<string, unknown>): UmfNotification {
  if (json.payment !== undefined)
    return { kind: 'payment', payment: parsePayment(json.payment, 'payment') };
  if (json.refund !== undefined)
    return { kind: 'refund', refund: parseRefund(json.refund, 'refund') };
  if (json.customs_declarations !== undefined) {
    const list = arrayOf(parseCustomsDeclaration)(
      json.customs_declarations,
      'customs_declarations',
    );
    return { kind: 'customs', customsDeclarations: list };
  }
  if (json.customs_declaration !== undefined) {
    const one = parseCustomsDeclaration(json.customs_declaration, 'customs_declaration');
    return { kind: 'customs', customsDeclarations: [one] };
  }
  throw new ShapeError('notification', 'a payment, refund or customs_declarations member');
}

/** §6: the object with at least its id; a payment also carries its order and check data. */
function ackObject(notification: UmfNotification): Record<string, unknown> {
  switch (notification.kind) {
    case 'payment': {
      const { payment } = notification;
      const optional = (value: unknown) => (typeof value === 'string' ? value : undefined);
      return {
        payment: {
          id: payment.id,
          order_id: payment.order?.mer_reference_id,
          mer_date: payment.order?.mer_date,
          mer_check_date: optional(payment.mer_check_date),
          mer_trace: optional(payment.mer_trace) ?? payment.id,
        },
      };
    }
    case 'refund':
      return { refund: { id: notification.refund.id } };
    case 'customs':
      return { customs_declarations: notification.customsDeclarations.map((c) => ({ id: c.id })) };
  }
}
