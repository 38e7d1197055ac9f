// Shared set-up of the UMF client tests: a real sandbox over real HTTP, a client on its
// credentials (with a recording wrapper around the real fetch), and request builders.
import { startSandbox } from '../../../server/sandbox/sandbox.ts';
import type { SandboxOptions } from '../../../server/sandbox/types.ts';
import {
  createUmfClient,
  type UmfClient,
  type UmfClientOptions,
} from '../../../server/umf/client.ts';
import { createKeys, publicKeyJwk, type UmfKeys } from '../../../server/umf/crypto.ts';
import type { FetchLike } from '../../../server/umf/http.ts';
import type { UmfProtocol } from '../../../server/umf/protocol.ts';
import type {
  Amount,
  BankCard,
  CardType,
  CreatePaymentRequest,
  ExecuteRequest,
  PaymentResult,
  RefundRequest,
  VerifyRequest,
} from '../../../server/umf/types.ts';
import { type EncryptionKey, encryptField } from '../../../widget/api/encrypt.ts';

import { CARDS, PHONE, RESIDENT_ID } from '../../support/fixtures.ts';
import { liveView, useStarted } from '../../support/hooks.ts';
import { newOrderId, type PaymentBodyOptions, umfPaymentBody } from '../../support/umf-payment.ts';

export { waitFor } from '../../support/wait.ts';

export { CARDS, PHONE, RESIDENT_ID };
/** A holder name outside ASCII, so the field charset matters. */
export const HOLDER = '张三·李';

export type SentRequest = {
  method: string;
  url: string;
  headers: Headers;
  body: string | undefined;
};

export async function startUmf(options: SandboxOptions = {}) {
  const sandbox = await startSandbox({ executeDelayMs: 50, notifyRetryBaseMs: 20, ...options });
  const { credentials } = sandbox;
  const keys = createKeys({
    merchantPrivateKey: credentials.merchantPrivateKeyPem,
    umfPublicKey: credentials.umfPublicKeyPem,
  });
  const sent: SentRequest[] = [];
  const recordingFetch: FetchLike = (url, init) => {
    const body =
      init.body === undefined ? undefined : Buffer.from(init.body as Uint8Array).toString('utf8');
    sent.push({ method: init.method ?? 'GET', url, headers: new Headers(init.headers), body });
    return fetch(url, init);
  };
  const client = (overrides: Partial<UmfClientOptions> = {}) =>
    createUmfClient({
      baseUrl: credentials.baseUrl,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      keys,
      fetch: recordingFetch,
      retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 40 },
      executeRecovery: { polls: 20, intervalMs: 25 },
      ...overrides,
    });
  return { sandbox, control: sandbox.control, keys, sent, client, close: () => sandbox.close() };
}

export type Umf = Awaited<ReturnType<typeof startUmf>>;

/** What a test file reads of its sandbox (see useUmf). */
export type UsedUmf = Pick<Umf, 'sandbox' | 'control' | 'keys' | 'sent'> & {
  /** The file's client, made with useUmf's client options. */
  client: UmfClient;
  /** Another client on the same sandbox (same recording fetch), with these options. */
  clientWith(overrides?: Partial<UmfClientOptions>): UmfClient;
};

/** What a test file adds to its sandbox's start and stop (see useUmf). */
export type UmfHooks = {
  /** The options of the file's client. */
  client?: Partial<UmfClientOptions>;
  /** Runs once the sandbox and client are up (a file's own set-up that needs them). */
  setUp?: (umf: UsedUmf) => Promise<void>;
  /** Runs before the sandbox closes. */
  tearDown?: () => Promise<void>;
};

/**
 * One sandbox and one client for a test file: started in before(), closed in after(). What it
 * returns reads the running sandbox, so a file writes `const umf = useUmf();` and then
 * `umf.client.payments…`, `umf.control…` inside its tests. A file's own set-up goes in
 * `hooks.setUp`, not in a second before(): node runs a file's before() hooks side by side.
 */
export function useUmf(options: SandboxOptions = {}, hooks: UmfHooks = {}): UsedUmf {
  const viewOf = (current: () => { umf: Umf; client: UmfClient }) =>
    liveView((): UsedUmf => {
      const { umf, client } = current();
      const { sandbox, control, keys, sent } = umf;
      return { sandbox, control, keys, sent, client, clientWith: (o = {}) => umf.client(o) };
    }, ['sandbox', 'control', 'keys', 'sent', 'client', 'clientWith']);
  const current = useStarted(
    'useUmf',
    async () => {
      const umf = await startUmf(options);
      const running = { umf, client: umf.client(hooks.client) };
      await hooks.setUp?.(viewOf(() => running));
      return running;
    },
    async ({ umf }) => {
      await hooks.tearDown?.();
      await umf.close();
    },
  );
  return viewOf(current);
}

/** The card a test pays with: its number, type and the protocol its fields are sent in. */
export type TestCard = { number?: string; type?: CardType; protocol?: Partial<UmfProtocol> };

/**
 * A new payment (`request`, by default a plain one for the card's type) whose card `client`
 * has verified, so UMF has texted a code: the payment as created and the code.
 */
export async function verifiedPayment(
  umf: Pick<Umf, 'control' | 'keys'>,
  client: UmfClient,
  card: TestCard = {},
  request: CreatePaymentRequest = paymentRequest({ method: card.type }),
): Promise<{ id: string; created: PaymentResult; code: string }> {
  const created = await client.payments.create(request);
  const id = created.payment.id;
  const number = card.number ?? CARDS.debit;
  await client.payments.verify(id, verifyRequest(number, umf.keys, card.type, card.protocol));
  return { id, created, code: await smsCode(umf.control, id) };
}

/** The execute request for `card` with the SMS `code`. */
export function executeWith(umf: Pick<Umf, 'keys'>, card: TestCard, code: string) {
  return executeRequest(card.number ?? CARDS.debit, code, umf.keys, card.type, card.protocol);
}

/** A new payment paid by card: verified, then executed with the code UMF texted. */
export async function paidPayment(
  umf: Pick<Umf, 'control' | 'keys'>,
  client: UmfClient,
  card: TestCard = {},
  request?: CreatePaymentRequest,
) {
  const verified = await verifiedPayment(umf, client, card, request);
  const executed = await client.payments.execute(
    verified.id,
    executeWith(umf, card, verified.code),
  );
  return { ...verified, executed };
}

export { newOrderId };

/** Today in China, YYYYMMDD. */
export function merDate(now = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

/** A card payment dated today, for physical goods (the receiver and the delivery address). */
export function paymentRequest(
  options: Omit<PaymentBodyOptions, 'merDate' | 'notifyUrl' | 'riskInfo' | 'method'> & {
    method?: CardType;
    notifyUrl?: string;
  } = {},
): CreatePaymentRequest {
  return umfPaymentBody({
    ...options,
    merDate: merDate(),
    notifyUrl: options.notifyUrl ?? 'http://127.0.0.1:9/umf/notify',
    // Sent under protocol.riskAddress.
    riskInfo: {
      trans_type: '02',
      goods_type: '1',
      real_name: '1',
      receiver_name: '张三',
      receiver_moblie_id: PHONE,
      receiver_address: '上海市浦东新区世纪大道 100 号',
    },
  });
}

/** The test card's expiry, December 2039, in the format the protocol sets. */
export function testExpiry(format: UmfProtocol['cardExpiry'] = 'YYMM'): string {
  return format === 'MMYY' ? '1239' : '3912';
}

/**
 * A bank card as the browser sends it: fields encrypted with UMF's key by the widget's own code
 * (UTF-8 or GBK), expiry in the protocol's format; a debit card sends valid_date and cvv2 empty,
 * as UMF's SDK does.
 */
export function bankCard(
  number: string,
  keys: UmfKeys,
  type: CardType = 'DEBIT_CARD',
  protocol: Partial<UmfProtocol> = {},
): BankCard {
  const jwk = publicKeyJwk(keys.umfPublicKey);
  const key: EncryptionKey = {
    modulus: jwk.n,
    exponent: jwk.e,
    keyId: jwk.kid,
    charset: protocol.fieldCharset === 'GBK' ? 'GBK' : 'UTF_8',
  };
  const encrypt = (value: string) => encryptField(value, key);
  const credit = type === 'CREDIT_CARD';
  return {
    number: encrypt(number),
    payer_name: encrypt(HOLDER),
    citizen_id_type: '1',
    citizen_id_number: encrypt(RESIDENT_ID),
    phone: PHONE,
    valid_date: credit ? encrypt(testExpiry(protocol.cardExpiry)) : '',
    cvv2: credit ? encrypt('123') : '',
  };
}

export function verifyRequest(
  number: string,
  keys: UmfKeys,
  type?: CardType,
  protocol?: Partial<UmfProtocol>,
): VerifyRequest {
  return {
    payer: { payer_info: { phone: PHONE, bank_card: bankCard(number, keys, type, protocol) } },
  };
}

export function executeRequest(
  number: string,
  code: string,
  keys: UmfKeys,
  type?: CardType,
  protocol?: Partial<UmfProtocol>,
): ExecuteRequest {
  const card = bankCard(number, keys, type, protocol);
  return { payer: { payer_info: { phone: PHONE, bank_card: card, verify_code: code } } };
}

/** The newest SMS code sent to the test phone for this payment. */
export async function smsCode(
  control: { sms(phone: string): Promise<{ code: string; paymentId: string }[]> },
  paymentId: string,
) {
  const message = (await control.sms(PHONE)).find((m) => m.paymentId === paymentId);
  if (!message) throw new Error(`no SMS for ${paymentId}`);
  return message.code;
}

let refunds = 0;
/** A new merchant refund number, as the BFF gives each refund its own. */
export function newRefundNo(): string {
  refunds += 1;
  return `rf_${process.pid}_${Date.now().toString(36)}_${refunds}`;
}

/** A refund of `total` of a payment of `paid`, with a fresh merchant refund number. */
export function refundRequest(
  paid: Amount,
  total: string,
  extra: Partial<RefundRequest> = {},
): RefundRequest {
  return {
    merchantRefundNo: newRefundNo(),
    amount: { total, currency: paid.currency },
    orgAmount: paid,
    merDate: merDate(),
    ...extra,
  };
}
