import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { createLogger } from '../../../server/http/logger.ts';
import { verifyBytes } from '../../../server/umf/crypto.ts';
import { UmfError } from '../../../server/umf/errors.ts';
import {
  CARDS,
  executeWith,
  merDate,
  PHONE,
  paidPayment,
  paymentRequest,
  RESIDENT_ID,
  refundRequest,
  useUmf,
  verifiedPayment,
  verifyRequest,
  waitFor,
} from './helpers.ts';

let paidId: string;
const umf = useUmf(
  {},
  {
    async setUp(started) {
      const paid = await paidPayment(
        started,
        started.client,
        {},
        paymentRequest({ total: '25.50' }),
      );
      paidId = paid.id;
      await waitFor(async () =>
        (await started.client.payments.get(paidId)).payment.state === 'TRADE_SUCCESS'
          ? true
          : undefined,
      );
    },
  },
);

const sentTo = (fragment: string) => umf.sent.filter((r) => r.url.includes(fragment));

test('GET /bank lists banks of each card type, and caches the list', async () => {
  const credit = await umf.client.banks.list('CREDIT_CARD');
  const debit = await umf.client.banks.list('DEBIT_CARD');
  assert.ok(credit.banks.length > debit.banks.length);
  assert.ok(debit.banks.every((bank) => bank.types?.includes('DEBIT_CARD') ?? true));
  const before = sentTo('/bank?').length;
  await umf.client.banks.list('DEBIT_CARD');
  assert.equal(sentTo('/bank?').length, before);
});

test('POST /payments/payment sends the SDK spelling and signs the exact bytes it sends', async () => {
  const created = await umf.client.payments.create(
    paymentRequest({ total: '10.00', currency: 'EUR' }),
  );
  assert.equal(created.payment.order?.amount.total, '10.00');
  assert.equal(typeof created.payment.order?.amount.total_cny, 'string');
  const request = sentTo('/payments/payment').at(-1);
  const body = request?.body ?? '';
  assert.match(body, /"quantity":"1"/);
  assert.doesNotMatch(body, /"item_quantity"/);
  const merchantPublic = createPublicKey(umf.sandbox.credentials.merchantPrivateKeyPem);
  const signature = request?.headers.get('signature') ?? '';
  assert.equal(verifyBytes(Buffer.from(body, 'utf8'), signature, merchantPublic), true);
  assert.equal(request?.headers.get('content-type'), 'application/json');
  assert.ok(request?.headers.get('x-request-id'));
});

test('with the reference-examples spelling an item count travels as item_quantity', async () => {
  const examples = umf.clientWith({ protocol: { memberSpelling: 'reference-examples' } });
  await examples.payments.create(paymentRequest());
  const body = sentTo('/payments/payment').at(-1)?.body ?? '';
  assert.match(body, /"item_quantity":"1"/);
  assert.doesNotMatch(body, /"quantity"/);
});

test('verify sends bank_card and payer_name whatever spelling it was given', async () => {
  const created = await umf.client.payments.create(paymentRequest());
  const request = verifyRequest(CARDS.debit, umf.keys);
  const { bank_card, ...info } = request.payer.payer_info;
  const { payer_name, ...card } = bank_card ?? {};
  const camel = {
    payer: { payer_info: { ...info, bankCard: { ...card, card_holder: payer_name } } },
  };
  await umf.client.payments.verify(created.payment.id, camel);
  const body = JSON.parse(sentTo('/verify').at(-1)?.body ?? '{}');
  const sent = body.payer.payer_info.bank_card;
  assert.ok(sent, 'bank_card missing');
  assert.equal(body.payer.payer_info.bankCard, undefined);
  assert.ok(sent.payer_name);
  assert.equal(sent.card_holder, undefined);
});

test('with the reference-examples spelling verify sends bankCard', async () => {
  const examples = umf.clientWith({ protocol: { memberSpelling: 'reference-examples' } });
  const created = await examples.payments.create(paymentRequest());
  await examples.payments.verify(created.payment.id, verifyRequest(CARDS.debit, umf.keys));
  const body = JSON.parse(sentTo('/verify').at(-1)?.body ?? '{}');
  assert.ok(body.payer.payer_info.bankCard, 'bankCard missing');
  assert.equal(body.payer.payer_info.bank_card, undefined);
});

test('GET /payments/payment/{id} returns the payment; an unknown id is a typed refusal', async () => {
  const found = await umf.client.payments.get(paidId);
  assert.equal(found.payment.state, 'TRADE_SUCCESS');
  assert.equal(found.payment.order?.amount.total, '25.50');
  await assert.rejects(umf.client.payments.get('PAY_NOPE'), (error: unknown) => {
    assert.ok(error instanceof UmfError);
    assert.equal(error.retCode, '00060760');
    assert.equal(error.httpStatus, 404);
    assert.equal(error.endpoint, 'GET /payments/payment/{id}');
    assert.ok(error.requestId);
    return true;
  });
});

test('refund and GET /payments/refund/{id}', async () => {
  const paid = { total: '25.50', currency: 'USD' };
  const refund = await umf.client.payments.refund(paidId, refundRequest(paid, '5.25'));
  assert.equal(refund.refund.state, 'REFUND_PROCESS');
  assert.equal(refund.refund.parent_payment, paidId);
  const settled = await waitFor(async () => {
    const found = await umf.client.refunds.get(refund.refund.id);
    return found.refunds[0]?.state === 'REFUND_SUCCESS' ? found : undefined;
  });
  assert.equal(settled.refunds.length, 1);
});

test('apply_to_customs and GET /payments/customs_declarations/{id}', async () => {
  const applied = await umf.client.customs.apply(paidId, {
    customs_declaration: {
      customs_code: 'HANGZHOU',
      mer_customs_code: 'M-001',
      amount: { total: '25.50', currency: 'USD' },
    },
  });
  const id = applied.customsDeclarations[0]?.id ?? '';
  assert.ok(id);
  const found = await umf.client.customs.get(id);
  assert.equal(found.customsDeclarations[0]?.id, id);
});

test('GET /exchange_rate gives CNY per unit as a decimal string', async () => {
  const rates = await umf.client.exchangeRates.get('JPY');
  assert.equal(rates.exchangeRates[0]?.currency, 'JPY');
  assert.match(rates.exchangeRates[0]?.rate ?? '', /^\d+\.\d+$/);
});

test('GET /payments/wechat_openid gives the WeChat page URL', async () => {
  const result = await umf.client.wechat.openidUrl('https://merchant.example/wechat/back');
  assert.doesNotThrow(() => new URL(result.url));
});

test('transactions and reconciliation pages, and both files', async () => {
  const transactions = await umf.client.reports.transactions({
    merDate: merDate(),
    pageNumber: 1,
    pageSize: 100,
  });
  assert.ok(transactions.transactions.payment_summaries.length > 0);
  assert.equal(transactions.transactions.pagination?.page_size, 100);
  const reconciliation = await umf.client.reports.reconciliation({ settleDate: merDate() });
  assert.ok(reconciliation.reconciliations.payment_summaries.length > 0);
  const file = await umf.client.reports.transactionsFile(merDate());
  assert.match(file.text, /^TRANSDETAIL-START,/);
  assert.match(file.text.trim().split('\n').at(-1) ?? '', /^TRANSDETAIL-END,/);
  const statement = await umf.client.reports.reconciliationFile(merDate());
  assert.ok(statement.text.length > 0);
});

test('a card number in clear is refused before anything is sent', async () => {
  const before = umf.sent.length;
  const request = {
    payer: {
      payer_info: {
        phone: PHONE,
        bankCard: { number: CARDS.debit, citizen_id_number: RESIDENT_ID },
      },
    },
  };
  await assert.rejects(umf.client.payments.verify(paidId, request), (error: unknown) => {
    assert.ok(error instanceof UmfError && error.code === 'INVALID_REQUEST');
    for (const text of [error.message, inspect(error), JSON.stringify(error)]) {
      assert.ok(!text.includes(CARDS.debit));
      assert.ok(!text.includes(RESIDENT_ID));
    }
    return true;
  });
  assert.equal(umf.sent.length, before);
});

test('an amount given as a number is refused before sending', async () => {
  const request = paymentRequest();
  (request.order.amount as { total: unknown }).total = 100.5;
  await assert.rejects(
    umf.client.payments.create(request),
    /order\.amount\.total must be a decimal string/,
  );
});

test('a refused execute error and the logs carry no card data, code, token or signature', async () => {
  const lines: string[] = [];
  const log = (obj: Record<string, unknown>, msg: string) =>
    lines.push(`${msg} ${JSON.stringify(obj)}`);
  const client = umf.clientWith({ logger: { debug: log, info: log, warn: log, error: log } });
  const { id, code } = await verifiedPayment(umf, client);
  const wrong = code === '123456' ? '654321' : '123456';
  const request = executeWith(umf, {}, wrong);
  const error = await client.payments.execute(id, request).catch((e: unknown) => e);
  assert.ok(error instanceof UmfError && error.retCode === '00200005');
  const sent = sentTo('/execute').at(-1);
  // The code went where the client's default puts it: inside the card.
  const body = JSON.parse(sent?.body ?? '{}');
  assert.equal(body.payer.payer_info.bank_card.verify_code, wrong);
  assert.equal(body.payer.payer_info.verify_code, undefined);
  // The error as the BFF would log it, through the app's logger.
  const logged: string[] = [];
  createLogger({ level: 'info' }, { write: (line: string) => logged.push(line) }).error(
    { err: error, request: error.request, body },
    'execute refused',
  );
  assert.ok(!logged.join('').includes(wrong), 'the SMS code reached a log line');
  const secrets = [
    wrong,
    request.payer.payer_info.bank_card?.number ?? '',
    request.payer.payer_info.bank_card?.payer_name ?? '',
    sent?.headers.get('signature') ?? '',
    (sent?.headers.get('authorization') ?? '').replace(/^Bearer ?/, ''),
    umf.sandbox.credentials.clientSecret,
  ];
  for (const text of [error.message, inspect(error), JSON.stringify(error), String(error.stack)])
    for (const secret of secrets)
      assert.ok(!text.includes(secret), 'a secret leaked into the error');
});
