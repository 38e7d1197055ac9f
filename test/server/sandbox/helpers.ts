// Test helpers: a minimal signed UMF client for the sandbox's own tests (the real client lives
// in server/umf), card-field encryption, and a tiny notification receiver.
import assert from 'node:assert/strict';
import { constants, publicEncrypt } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach } from 'node:test';
import { startSandbox } from '../../../server/sandbox/sandbox.ts';
import type { Sandbox, SandboxOptions } from '../../../server/sandbox/types.ts';
import {
  encryptField,
  loadPrivateKey,
  loadPublicKey,
  signBytes,
} from '../../../server/umf/crypto.ts';

export type Body = Record<string, unknown>;
export type Reply = { status: number; body: Body; text: string; headers: Headers };

import type { PaymentMethod } from '../../../server/umf/types.ts';
import { CARDS, PHONE, RESIDENT_ID } from '../../support/fixtures.ts';
import { newOrderId, umfPaymentBody } from '../../support/umf-payment.ts';

import { waitFor } from '../../support/wait.ts';

export { CARDS, PHONE, RESIDENT_ID, waitFor };
/** 张三 in GBK (D5C5 C8FD), as UMF's QA tool encrypts names. */
export const HOLDER_GBK = Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]);

/** A dotted path into a parsed body: at(body, 'payment.order.amount.total'). */
export function at(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export type RequestOptions = {
  sign?: boolean;
  signature?: string;
  token?: string | null;
  raw?: string;
};

/** How the test client writes the Authorization header. */
export type ClientStyle = { bearer?: 'space' | 'no-space' };

export function umfClient(sandbox: Sandbox, style: ClientStyle = {}) {
  const { credentials } = sandbox;
  const merchantKey = loadPrivateKey(credentials.merchantPrivateKeyPem);
  const umfKey = loadPublicKey(credentials.umfCertificatePem);
  let token: string | undefined;

  async function send(
    method: string,
    path: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const bearer = options.token === undefined ? token : options.token;
    if (bearer)
      headers.authorization = style.bearer === 'no-space' ? `Bearer${bearer}` : `Bearer ${bearer}`;
    let payload: string | undefined;
    if (method === 'POST') {
      payload = options.raw ?? JSON.stringify(body ?? {});
      headers['content-type'] = 'application/json; charset=utf-8';
      if (options.signature !== undefined) headers.signature = options.signature;
      else if (options.sign !== false)
        headers.signature = signBytes(Buffer.from(payload), merchantKey);
    }
    const response = await fetch(`${credentials.baseUrl}${path}`, {
      method,
      headers,
      body: payload,
    });
    const text = await response.text();
    let parsed: Body = {};
    try {
      parsed = JSON.parse(text) as Body;
    } catch {}
    return { status: response.status, body: parsed, text, headers: response.headers };
  }

  async function authorize(): Promise<string> {
    const reply = await send('POST', '/oauth/authorize', {
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      grant_type: 'client_credentials',
    });
    if (reply.status !== 200) throw new Error(`token: ${reply.text}`);
    token = String(reply.body.access_token);
    return token;
  }

  return {
    merchantKey,
    umfKey,
    authorize,
    get: (path: string, options?: RequestOptions) => send('GET', path, undefined, options),
    post: (path: string, body: unknown, options?: RequestOptions) =>
      send('POST', path, body, options),
    encrypt: (value: string) => encryptField(value, umfKey),
    /** RSA PKCS#1 v1.5 of these exact bytes (e.g. GBK text), base64. */
    encryptBytes: (bytes: Uint8Array) =>
      publicEncrypt({ key: umfKey, padding: constants.RSA_PKCS1_PADDING }, bytes).toString(
        'base64',
      ),
  };
}
export type UmfTestClient = ReturnType<typeof umfClient>;

/**
 * One sandbox for the enclosing describe block: started before it, reset (and the client's
 * token renewed) before each test, closed after it. `use` receives the sandbox and its client.
 */
export function sandboxPerTest(
  options: SandboxOptions,
  use: (started: { sandbox: Sandbox; client: UmfTestClient }) => void,
) {
  let sandbox: Sandbox;
  let client: UmfTestClient;
  before(async () => {
    sandbox = await startSandbox(options);
    client = umfClient(sandbox);
    use({ sandbox, client });
  });
  beforeEach(async () => {
    await sandbox.control.reset();
    await client.authorize();
  });
  after(() => sandbox.close());
}

export { newOrderId };

/** The suites' payment body (dated 20260102, which the report tests read) with overrides. */
export function paymentBody(
  overrides: {
    method?: string;
    bank?: string;
    total?: string;
    currency?: string;
    orderId?: string;
    notifyUrl?: string;
    order?: Body;
    payerInfo?: Body;
  } = {},
): Body {
  const { method, order, payerInfo, notifyUrl, ...rest } = overrides;
  const body = umfPaymentBody({
    ...rest,
    method: method as PaymentMethod | undefined,
    merDate: '20260102',
    notifyUrl: notifyUrl ?? 'http://127.0.0.1:9/notify',
    riskInfo: { trans_type: '02', goods_type: '0', real_name: '1' },
  });
  return {
    ...body,
    payer: { ...body.payer, payer_info: { ...body.payer.payer_info, ...payerInfo } },
    order: { ...body.order, ...order },
  };
}

export type CardStyle = {
  /** Member name of the card: bank_card (SDK, default) or bankCard (reference examples). */
  member?: 'bank_card' | 'bankCard';
  /** Credit card expiry as sent (default MMYY 1230). */
  validDate?: string;
  /** The holder name encrypted as GBK instead of UTF-8. */
  gbkName?: boolean;
};

export function cardBody(
  client: UmfTestClient,
  number: string,
  extra: Body = {},
  style: CardStyle = {},
): Body {
  const bankCard: Body = {
    number: client.encrypt(number),
    payer_name: style.gbkName ? client.encryptBytes(HOLDER_GBK) : client.encrypt('张三'),
    citizen_id_type: 'IDENTITY_CARD',
    citizen_id_number: client.encrypt(RESIDENT_ID),
    phone: PHONE,
  };
  if (number.startsWith('6258')) {
    bankCard.valid_date = client.encrypt(style.validDate ?? '1230');
    bankCard.cvv2 = client.encrypt('123');
  }
  const member = style.member ?? 'bank_card';
  return { payer: { payer_info: { phone: PHONE, [member]: bankCard, ...extra } } };
}

/** Creates a card payment and verifies it; returns the payment id and the SMS code. */
export async function createAndVerify(
  sandbox: Sandbox,
  client: UmfTestClient,
  number: string = CARDS.debit,
  body: Body = paymentBody(),
  style: CardStyle = {},
) {
  const method = number.startsWith('6258') ? 'CREDIT_CARD' : 'DEBIT_CARD';
  const payer = body.payer as Body;
  const created = await client.post('/payments/payment', {
    ...body,
    payer: { ...payer, payment_method: method },
  });
  if (created.status !== 200) throw new Error(`create: ${created.text}`);
  const id = String(at(created.body, 'payment.id'));
  const verified = await client.post(
    `/payments/payment/${id}/verify`,
    cardBody(client, number, {}, style),
  );
  const [sms] = await smsFor(sandbox, id);
  return { id, verified, code: sms?.code ?? '' };
}

/** Whether the sandbox counted each notification it sent as acknowledged, in order. */
export async function acknowledged(sandbox: Sandbox): Promise<boolean[]> {
  return (await sandbox.control.ledger()).notifications.map((d) => d.acknowledged);
}

/** The SMS messages the sandbox sent to the test phone for this payment, newest first. */
export async function smsFor(sandbox: Sandbox, paymentId: string) {
  return (await sandbox.control.sms(PHONE)).filter((sms) => sms.paymentId === paymentId);
}

/** The code of the newest SMS to the test phone, which must be this payment's. */
export async function latestCode(sandbox: Sandbox, paymentId: string): Promise<string> {
  const [sms] = await sandbox.control.sms(PHONE);
  assert.equal(sms?.paymentId, paymentId, 'an SMS was sent for this payment');
  return sms.code;
}

export async function execute(
  client: UmfTestClient,
  id: string,
  number: string,
  code: string,
  style: CardStyle = {},
) {
  return client.post(
    `/payments/payment/${id}/execute`,
    cardBody(client, number, { verify_code: code }, style),
  );
}

export type Delivery = { body: Body; raw: string; bytes: Buffer; signature: string | undefined };

/** An answer to a notification: JSON (body serialised) or text as given. */
export type ReceiverAnswer = { status: number; body: unknown } | { status: number; text: string };

/** A notify_url receiver; `answer` decides each reply (default: acknowledge in JSON). */
export async function startReceiver(
  answer: (n: number) => ReceiverAnswer = () => ({
    status: 200,
    body: { meta: { ret_code: '0000' } },
  }),
) {
  const deliveries: Delivery[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString('utf8');
    const signature = req.headers.signature;
    deliveries.push({
      body: JSON.parse(raw) as Body,
      raw,
      bytes,
      signature: typeof signature === 'string' ? signature : undefined,
    });
    const reply = answer(deliveries.length);
    if ('text' in reply) {
      res.writeHead(reply.status, { 'content-type': 'text/plain;charset=UTF-8' });
      res.end(reply.text);
    } else {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
  return {
    url,
    deliveries,
    /** Resolves with the deliveries once at least `count` have arrived. */
    delivered: (count = 1) => waitFor(() => (deliveries.length >= count ? deliveries : undefined)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
