// Every protocol setting, each value, against a sandbox that is strict about that one setting:
// with the client set to match, the whole card (debit and credit), QR, WeChat, refund and
// notification flows pass; set the other way, the sandbox refuses it and the client surfaces a
// typed UmfError saying what was refused.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { UmfClient } from '../../../server/umf/client.ts';
import { UmfError } from '../../../server/umf/errors.ts';
import {
  PROTOCOL_KEYS,
  PROTOCOL_SETTINGS,
  type UmfProtocol,
} from '../../../server/umf/protocol.ts';
import type { CardType, CreatePaymentRequest, PaymentResult } from '../../../server/umf/types.ts';
import {
  CARDS,
  executeWith,
  paidPayment,
  paymentRequest,
  refundRequest,
  startUmf,
  type Umf,
  verifiedPayment,
  verifyRequest,
  waitFor,
} from './helpers.ts';

type Protocol = Partial<UmfProtocol>;

/** A merchant endpoint answering UMF's notifications with the client's own parse and ack. */
async function startReceiver(client: UmfClient) {
  let refused = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const signature = req.headers.signature;
      try {
        const notification = client.notifications.parse(
          Buffer.concat(chunks),
          typeof signature === 'string' ? signature : null,
        );
        const ack = client.notifications.ack(notification);
        res.writeHead(ack.status, ack.headers).end(ack.body);
      } catch {
        refused += 1;
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/umf/notify`,
    refused: () => refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A sandbox strict about `strict`, a client speaking `protocol`, and a notification receiver. */
async function withSetup(
  strict: Protocol,
  protocol: Protocol,
  run: (setup: { umf: Umf; client: UmfClient; notifyUrl: string }) => Promise<void>,
) {
  const umf = await startUmf({ strict, executeDelayMs: 20, notifyRetryBaseMs: 20 });
  const client = umf.client({ protocol });
  const receiver = await startReceiver(client);
  try {
    await run({ umf, client, notifyUrl: receiver.url });
    assert.equal(receiver.refused(), 0, 'every notification verified');
  } finally {
    await receiver.close();
    await umf.close();
  }
}

function settled(client: UmfClient, id: string): Promise<PaymentResult> {
  return waitFor(async () => {
    const found = await client.payments.get(id);
    return found.payment.state === 'WAIT_BUYER_PAY' ? undefined : found;
  });
}

/** Notifications about `objectId` until one was acknowledged in the client's answer form. */
function acknowledged(umf: Umf, objectId: string) {
  return waitFor(async () => {
    const all = (await umf.control.ledger()).notifications.filter((n) => n.objectId === objectId);
    return all.some((n) => n.acknowledged) ? all : undefined;
  });
}

async function cardFlow(
  setup: { umf: Umf; client: UmfClient; notifyUrl: string },
  type: CardType,
  protocol: Protocol,
) {
  const { umf, client, notifyUrl } = setup;
  const number = type === 'CREDIT_CARD' ? CARDS.credit : CARDS.debit;
  const request = paymentRequest({ method: type, notifyUrl });
  const { id } = await paidPayment(umf, client, { number, type, protocol }, request);
  const paid = await settled(client, id);
  assert.equal(paid.payment.state, 'TRADE_SUCCESS', `${type} paid`);
  await acknowledged(umf, id);
  return paid;
}

function walletRequest(
  method: 'WECHAT_SCAN' | 'WECHAT_WEB',
  notifyUrl: string,
): CreatePaymentRequest {
  const base = paymentRequest({ notifyUrl });
  const payerInfo =
    method === 'WECHAT_WEB'
      ? { wechat_in_app_web: { open_id: 'oSbxMatrixCustomer01' } }
      : { qr_code_scan: { citizen_id_type: '1' } };
  const { bank_code: _bank, ...payer } = base.payer;
  return { ...base, payer: { ...payer, payment_method: method, payer_info: payerInfo } };
}

async function walletFlow(
  setup: { umf: Umf; client: UmfClient; notifyUrl: string },
  method: 'WECHAT_SCAN' | 'WECHAT_WEB',
) {
  const { umf, client, notifyUrl } = setup;
  const created = await client.payments.create(walletRequest(method, notifyUrl));
  const info = created.payment.payer?.payer_info;
  if (method === 'WECHAT_SCAN') assert.match(String(info?.qr_code_scan?.qr_code_url), /^\w+:/);
  else assert.ok(info?.wechat_in_app_web?.pay_info?.pay_sign, 'JS-API parameters');
  await umf.control.scan(created.payment.id);
  assert.equal((await settled(client, created.payment.id)).payment.state, 'TRADE_SUCCESS');
  await acknowledged(umf, created.payment.id);
}

async function refundFlow(
  setup: { umf: Umf; client: UmfClient; notifyUrl: string },
  paid: PaymentResult,
) {
  const { umf, client, notifyUrl } = setup;
  const amount = paid.payment.order?.amount ?? { total: '100.00', currency: 'USD' };
  const request = refundRequest(amount, '10.00', { notifyUrl });
  const refund = await client.payments.refund(paid.payment.id, request);
  const again = await client.payments.refund(paid.payment.id, request);
  assert.equal(again.refund.id, refund.refund.id, 'the same refund number is the same refund');
  const done = await waitFor(async () => {
    const found = await client.refunds.get(refund.refund.id);
    return found.refunds[0]?.state === 'REFUND_SUCCESS' ? found : undefined;
  });
  assert.equal(done.refunds[0]?.state, 'REFUND_SUCCESS');
  await acknowledged(umf, refund.refund.id);
}

for (const key of PROTOCOL_KEYS) {
  for (const value of PROTOCOL_SETTINGS[key].values) {
    const protocol = { [key]: value } as Protocol;
    test(`${key}=${value}: card, QR, WeChat, refund and notifications pass a strict sandbox`, () =>
      withSetup(protocol, protocol, async (setup) => {
        const paid = await cardFlow(setup, 'DEBIT_CARD', protocol);
        await cardFlow(setup, 'CREDIT_CARD', protocol);
        await walletFlow(setup, 'WECHAT_SCAN');
        await walletFlow(setup, 'WECHAT_WEB');
        await refundFlow(setup, paid);
      }));
  }
}

/** The first value the strict sandbox refuses when the client speaks `clientValue`. */
function otherValue<K extends keyof UmfProtocol>(key: K, clientValue: UmfProtocol[K]) {
  const values: readonly UmfProtocol[K][] = PROTOCOL_SETTINGS[key].values;
  return values.find((v) => v !== clientValue) as UmfProtocol[K];
}

function refusedNaming(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof UmfError, `a UmfError, got ${String(error)}`);
    assert.match(`${error.retMsg ?? ''} ${error.message}`, pattern);
    return true;
  };
}

test('bearer: "Bearer <token>" against a sandbox strict on Bearer<token> is a 401 UmfError', () =>
  withSetup({ bearer: 'no-space' }, { bearer: 'space' }, async ({ client }) => {
    await assert.rejects(client.exchangeRates.get('USD'), (error: unknown) => {
      refusedNaming(/strict bearer=no-space/)(error);
      assert.equal((error as UmfError).httpStatus, 401);
      return true;
    });
  }));

test('bearer: Bearer<token> against a sandbox strict on "Bearer <token>" is refused', () =>
  withSetup({ bearer: 'space' }, { bearer: 'no-space' }, async ({ client }) => {
    await assert.rejects(client.banks.list('DEBIT_CARD'), refusedNaming(/strict bearer=space/));
  }));

test('missingResponseSignature: refuse, against answers without meta.sign, is SIGNATURE_INVALID', () =>
  withSetup(
    { missingResponseSignature: 'accept' },
    { missingResponseSignature: 'refuse' },
    async ({ client }) => {
      await assert.rejects(client.exchangeRates.get('USD'), (error: unknown) => {
        refusedNaming(/meta\.sign is missing/)(error);
        assert.equal((error as UmfError).code, 'SIGNATURE_INVALID');
        return true;
      });
    },
  ));

type Setup = Parameters<Parameters<typeof withSetup>[2]>[0];

/**
 * One test per value of `key`: a client sending that value against a sandbox strict on the
 * other one; `run` gets the setup and both values.
 */
function againstOtherValue<K extends keyof UmfProtocol>(
  key: K,
  outcome: string,
  run: (setup: Setup, clientValue: UmfProtocol[K], strict: UmfProtocol[K]) => Promise<void>,
) {
  for (const clientValue of PROTOCOL_SETTINGS[key].values as readonly UmfProtocol[K][]) {
    const strict = otherValue(key, clientValue);
    test(`${key}: ${clientValue} against strict ${strict} ${outcome}`, () =>
      withSetup({ [key]: strict } as Protocol, { [key]: clientValue } as Protocol, (setup) =>
        run(setup, clientValue, strict),
      ));
  }
}

againstOtherValue('memberSpelling', 'names the member refused', async ({ client }) => {
  await assert.rejects(
    client.payments.create(paymentRequest()),
    refusedNaming(/quantity.*strict memberSpelling/),
  );
});

againstOtherValue('refundShape', 'names the body it wants', async (setup, _, strict) => {
  const paid = await cardFlow(setup, 'DEBIT_CARD', {});
  const amount = paid.payment.order?.amount ?? { total: '100.00', currency: 'USD' };
  await assert.rejects(
    setup.client.payments.refund(paid.payment.id, refundRequest(amount, '1.00')),
    refusedNaming(new RegExp(`strict refundShape=${strict}`)),
  );
});

/** A card verified with the client's protocol is refused by the strict sandbox, naming `pattern`. */
async function refusedAtVerify(
  { umf, client }: Setup,
  method: CardType,
  protocol: Protocol,
  pattern: RegExp,
) {
  const created = await client.payments.create(paymentRequest({ method }));
  const card = method === 'CREDIT_CARD' ? CARDS.credit : CARDS.debit;
  await assert.rejects(
    client.payments.verify(created.payment.id, verifyRequest(card, umf.keys, method, protocol)),
    refusedNaming(pattern),
  );
}

// The card fields written by a setting: refused at verify, named in the refusal.
for (const [key, outcome, method, refusal] of [
  ['fieldCharset', 'names the field refused', 'DEBIT_CARD', 'payer_name is not'],
  ['cardExpiry', 'names valid_date', 'CREDIT_CARD', 'valid_date must be'],
] as const) {
  againstOtherValue(key, outcome, (setup, clientValue, strict) =>
    refusedAtVerify(
      setup,
      method,
      { [key]: clientValue } as Protocol,
      new RegExp(`${refusal} ${strict}.*strict ${key}=${strict}`),
    ),
  );
}

againstOtherValue(
  'riskAddress',
  'names the risk_info member',
  async ({ client }, clientValue, strict) => {
    await assert.rejects(
      client.payments.create(paymentRequest()),
      refusedNaming(new RegExp(`risk_info\\.${clientValue}.*strict riskAddress=${strict}`)),
    );
  },
);

againstOtherValue(
  'notificationAnswer',
  'is never acknowledged',
  async ({ umf, client, notifyUrl }) => {
    const created = await client.payments.create(walletRequest('WECHAT_SCAN', notifyUrl));
    await umf.control.scan(created.payment.id);
    const tries = await waitFor(async () => {
      const all = (await umf.control.ledger()).notifications.filter(
        (n) => n.objectId === created.payment.id && n.status !== null,
      );
      return all.length >= 3 ? all : undefined;
    });
    assert.ok(
      tries.every((n) => n.status === 200 && !n.acknowledged),
      'answered, not taken',
    );
  },
);

againstOtherValue(
  'verifyCode',
  'names where the code was sent',
  async ({ umf, client }, clientValue, strict) => {
    const sent =
      clientValue === 'bank-card' ? 'bank_card\\.verify_code' : 'payer_info\\.verify_code';
    const { id, code } = await verifiedPayment(umf, client);
    await assert.rejects(
      client.payments.execute(id, executeWith(umf, {}, code)),
      refusedNaming(new RegExp(`${sent} is not read.*strict verifyCode=${strict}`)),
    );
    const found = await client.payments.get(id);
    assert.equal(found.payment.state, 'WAIT_BUYER_PAY', 'refused, not charged');
  },
);
