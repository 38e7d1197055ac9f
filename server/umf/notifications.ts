// UMF's notifications (docs/umf-protocol.md §6): verify and parse an incoming body, and build the
// answer UMF waits for (it retries until it gets ret_code 0000). UMF signs a notification in its
// `Signature` HTTP header, SHA256withRSA over the exact body bytes; a `meta.sign` in the body
// (signed like a response) is accepted too when the header is absent.
import { signBytes, type UmfKeys, verifyBytes, verifyEnvelope } from './crypto.ts';
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
import type { UmfProtocol } from './protocol.ts';
import type { CustomsDeclaration, Payment, Refund } from './types.ts';

export type UmfNotification =
  | { kind: 'payment'; payment: Payment }
  | { kind: 'refund'; refund: Refund }
  | { kind: 'customs'; customsDeclarations: CustomsDeclaration[] };

/** Ready to write: `res.writeHead(answer.status, answer.headers).end(answer.body)`. */
export type NotificationAnswer = {
  status: 200;
  headers: Record<string, string>;
  body: string;
  /** What the answer says, whatever its form (text or JSON). */
  meta: { ret_code: string; ret_msg: string };
};

export type NotificationsResource = {
  /**
   * Verifies the signature (unless disabled) and returns the typed object; throws UmfError.
   * `rawBody` must be the bytes as received: the signature covers exactly those.
   * `signature` is the request's `Signature` header (null or undefined when absent).
   */
  parse(rawBody: string | Uint8Array, signature?: string | null): UmfNotification;
  /** The answer that stops UMF's retries for this notification. */
  ack(notification: UmfNotification): NotificationAnswer;
};

export const NOTIFY_ENDPOINT = 'POST {notify_url}';

export type NotificationsOptions = {
  keys: UmfKeys;
  verify: boolean;
  newRequestId: () => string;
  answer?: UmfProtocol['notificationAnswer'];
};

export function createNotifications(options: NotificationsOptions): NotificationsResource {
  const fail = (code: 'SIGNATURE_INVALID' | 'MALFORMED_RESPONSE', reason: string) =>
    umfErrorFrom({ code, endpoint: NOTIFY_ENDPOINT, requestId: options.newRequestId(), reason });
  // RSA PKCS#1 v1.5 signatures are deterministic, and the text answer is the same bytes for
  // every notification: its signature is made once, not once per notification.
  const textSignatures = new Map<string, string>();
  const signAnswer = (body: string, text: boolean) => {
    const known = text ? textSignatures.get(body) : undefined;
    if (known) return known;
    const signature = signBytes(
      Buffer.from(body, 'utf8'),
      options.keys.merchantPrivateKey,
      options.keys.hash,
    );
    if (text && textSignatures.size < 8) textSignatures.set(body, signature);
    return signature;
  };

  return {
    parse(rawBody, signature) {
      const bytes = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
      const json = jsonOf(Buffer.from(bytes).toString('utf8'));
      if (!isRecord(json))
        throw fail('MALFORMED_RESPONSE', 'the notification is not a JSON object');
      const problem = options.verify
        ? signatureProblem(bytes, json, signature, options.keys)
        : null;
      if (problem !== null) throw fail('SIGNATURE_INVALID', problem);
      try {
        return notificationOf(json);
      } catch (error) {
        if (error instanceof ShapeError) throw fail('MALFORMED_RESPONSE', error.message);
        throw error;
      }
    },
    ack(notification) {
      return answerOf(
        options,
        { ret_code: '0000', ret_msg: 'success' },
        ackObject(notification),
        signAnswer,
      );
    },
  };
}

/**
 * Why the notification is not trusted, or null. A `Signature` header decides alone: a wrong
 * one is refused whatever the body holds. Without it, a `meta.sign` in the body must verify.
 */
function signatureProblem(
  bytes: Uint8Array,
  json: Record<string, unknown>,
  signature: string | null | undefined,
  keys: UmfKeys,
): string | null {
  const header = signature?.trim();
  if (header) {
    return verifyBytes(bytes, header, keys.umfPublicKey, keys.hash)
      ? null
      : 'the Signature header does not match the notification body';
  }
  const sign = isRecord(json.meta) ? json.meta.sign : undefined;
  if (typeof sign !== 'string' || sign === '')
    return 'the notification is not signed (no Signature header, no meta.sign)';
  return verifyEnvelope(json, keys.umfPublicKey, keys.hash)
    ? null
    : 'the notification meta.sign does not match';
}

/** UMF's demo answers `ret_code=0000&ret_msg=…` as text/plain; the JSON form carries `meta`. */
function answerOf(
  options: NotificationsOptions,
  meta: NotificationAnswer['meta'],
  object: Record<string, unknown>,
  sign: (body: string, text: boolean) => string,
): NotificationAnswer {
  const text = (options.answer ?? 'json') === 'text';
  const body = text
    ? `ret_code=${meta.ret_code}&ret_msg=${meta.ret_msg}`
    : JSON.stringify({ meta, ...object });
  const signature = sign(body, text);
  const type = text ? 'text/plain; charset=UTF-8' : 'application/json; charset=UTF-8';
  return { status: 200, headers: { 'Content-Type': type, Signature: signature }, body, meta };
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
