// Every JSON example docs/umf-protocol.md relies on (copied here; § numbers are that document's),
// plus a realistic answer of each §5 endpoint, read the way the client reads them: signed
// envelope checked by envelope.ts, result member typed by parse.ts. Where the spec writes `…`
// a plausible value stands in its place.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { createKeys, signEnvelope } from '../../../server/umf/crypto.ts';
import { readEnvelope } from '../../../server/umf/envelope.ts';
import { UmfError } from '../../../server/umf/errors.ts';
import type { CallSpec } from '../../../server/umf/http.ts';
import { findLink, resultOf, ShapeError } from '../../../server/umf/parse.ts';
import { tokenFrom } from '../../../server/umf/token.ts';
import { PHONE } from '../../support/fixtures.ts';

const umf = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keys = createKeys({
  merchantPrivateKey: umf.privateKey.export({ type: 'pkcs8', format: 'pem' }),
  umfPublicKey: umf.publicKey.export({ type: 'spki', format: 'pem' }),
});
const spec: CallSpec = { method: 'GET', endpoint: 'GET /example', path: '/example', retry: true };
const HREF = 'https://uatfx.soopay.net/cberest/v1/payments/payment/PAY_ORDAF7N2SVGOHGXD7AC3N6G5Z';

const meta = { ret_code: '0000', ret_msg: 'Success' };

/** Signs a body as UMF does and reads it back through the client's envelope reader. */
function read(body: Record<string, unknown>, status = 200) {
  const signed = signEnvelope({ meta, ...body }, umf.privateKey);
  const text = JSON.stringify(signed);
  return readEnvelope(
    spec,
    { status, headers: new Headers(), text, requestId: 'req-1' },
    { keys, verify: true },
  );
}

// §3, the token answer: {"access_token":"…","expires_in":3600}
const TOKEN_EXAMPLE = {
  access_token: 'mGd4wxDhRQgoq5Nq0QhB3sz1I1TmRZ0Hq9ZIOgzN',
  expires_in: 3600,
};

// §4, the response envelope.
const ENVELOPE_EXAMPLE = {
  meta: { ret_code: '0000', ret_msg: 'Success', sign: '…' },
  payment: {
    id: 'PAY_ORDAF7N2SVGOHGXD7AC3N6G5Z',
    state: 'WAIT_BUYER_PAY',
    order: {
      mer_reference_id: 'ORDER-20260105-0001',
      mer_date: '20260105',
      amount: {
        total: '100.02',
        currency: 'USD',
        total_cny: '712.14',
        exchange_rate: { rate: '7.1200', currency: 'USD' },
      },
      order_summary: 'Goods',
      expire_time: '360',
    },
    notify_url: 'https://merchant.example/umf/notify',
  },
  links: [{ ref: 'sms_verify', method: 'POST', href: `${HREF}/verify` }],
};

// §6, notifications: {"payment":{…}}, {"refund":{…}}.
const PAYMENT_NOTIFICATION = {
  payment: { ...ENVELOPE_EXAMPLE.payment, state: 'TRADE_SUCCESS', mer_check_date: '20260105' },
};
const REFUND_NOTIFICATION = {
  refund: {
    id: 'REFUND_7W2K',
    state: 'REFUND_SUCCESS',
    parent_payment: 'PAY_ORDAF7N2SVGOHGXD7AC3N6G5Z',
  },
};

test('the §3 token answer gives a token and its expiry', () => {
  const token = tokenFrom(TOKEN_EXAMPLE, 1_000);
  assert.equal(token.expiresAt, 1_000 + 3_600_000);
  assert.equal(tokenFrom({ meta, token: TOKEN_EXAMPLE }, 0).expiresAt, 3_600_000);
  assert.throws(() => tokenFrom({ expires_in: 3600 }, 0), ShapeError);
});

test('the §4 envelope example parses into a payment with its links', () => {
  const { meta: _ignored, ...body } = ENVELOPE_EXAMPLE;
  const envelope = read(body);
  const payment = resultOf.payment(envelope.body);
  assert.equal(payment.state, 'WAIT_BUYER_PAY');
  assert.equal(payment.order?.amount.total, '100.02');
  assert.equal(findLink(envelope.info.links, 'sms_verify')?.method, 'POST');
  assert.equal(envelope.info.retCode, '0000');
});

test('the §4 envelope example as written (sign "…") is refused as unsigned', () => {
  const text = JSON.stringify(ENVELOPE_EXAMPLE);
  assert.throws(
    () =>
      readEnvelope(
        spec,
        { status: 200, headers: new Headers(), text, requestId: 'r' },
        { keys, verify: true },
      ),
    (error: unknown) =>
      error instanceof UmfError && error.code === 'SIGNATURE_INVALID' && error.retCode === null,
  );
});

test('the §6 notification examples parse as payment and refund', () => {
  assert.equal(resultOf.payment(read(PAYMENT_NOTIFICATION).body).state, 'TRADE_SUCCESS');
  assert.equal(resultOf.refund(read(REFUND_NOTIFICATION).body).state, 'REFUND_SUCCESS');
});

test('links named rel (the object table) are read like links named ref', () => {
  const envelope = read({
    payment: ENVELOPE_EXAMPLE.payment,
    links: [{ rel: 'self', method: 'GET', href: HREF }],
  });
  assert.equal(findLink(envelope.info.links, 'self')?.href, HREF);
});

test('§5 #2 banks', () => {
  const banks = resultOf.banks(
    read({
      banks: [
        {
          code: 'ICBC',
          name: 'Industrial and Commercial Bank of China',
          name_zh: '中国工商银行',
          logo_url: 'https://x/icbc.png',
          types: ['CREDIT_CARD', 'DEBIT_CARD'],
        },
        {
          code: 'CCB',
          name: 'China Construction Bank',
          name_zh: '中国建设银行',
          types: ['CREDIT_CARD'],
        },
      ],
    }).body,
  );
  assert.deepEqual(
    banks.map((b) => b.code),
    ['ICBC', 'CCB'],
  );
});

test('§5 #3–6 payment answers (create, verify, execute, query)', () => {
  const created = read({
    payment: ENVELOPE_EXAMPLE.payment,
    links: [
      { ref: 'self', method: 'GET', href: HREF },
      { ref: 'sms_verify', method: 'POST', href: `${HREF}/verify` },
    ],
  });
  assert.equal(resultOf.payment(created.body).id, 'PAY_ORDAF7N2SVGOHGXD7AC3N6G5Z');
  const verified = read({
    links: [
      { ref: 'self', method: 'GET', href: HREF },
      { ref: 'confirm', method: 'POST', href: `${HREF}/execute` },
    ],
  });
  assert.equal(findLink(verified.info.links, 'confirm')?.href, `${HREF}/execute`);
  const executed = read({
    payment: {
      ...ENVELOPE_EXAMPLE.payment,
      state: 'TRADE_SUCCESS',
      execute_success_time: '2026-01-05T10:11:12+08:00',
      mer_check_date: '20260105',
      settle_date: '20260105',
      payer: {
        payment_method: 'DEBIT_CARD',
        bank_code: 'ICBC',
        payer_info: {
          phone: PHONE,
          payerAgreement: {
            usr_busi_agreement_id: 'UB1',
            usr_pay_agreement_id: 'UP1',
            gate_id: 'ICBC',
            last_four_cardId: '0000',
          },
        },
      },
    },
    links: [{ ref: 'refund', method: 'POST', href: `${HREF}/refund` }],
  });
  assert.equal(resultOf.payment(executed.body).state, 'TRADE_SUCCESS');
});

test('§5 #7–8 refund answers', () => {
  const refund = {
    id: 'REFUND_7W2K',
    state: 'REFUND_PROCESS',
    org_amount: { total: '100.02', currency: 'USD' },
    orders: [
      {
        mer_reference_id: 'ORDER-20260105-0001',
        amount: { total: '10.00', currency: 'USD' },
        sub_orders: [
          {
            amount: { total: '10.00', currency: 'USD' },
            items: [{ name: 'Tea', quantity: '1', amount: { total: '10.00', currency: 'USD' } }],
          },
        ],
      },
    ],
    notify_url: 'https://merchant.example/umf/notify',
    parent_payment: 'PAY_ORDAF7N2SVGOHGXD7AC3N6G5Z',
  };
  assert.equal(resultOf.refund(read({ refund }).body).id, 'REFUND_7W2K');
  assert.equal(resultOf.refunds(read({ refunds: [refund] }).body)[0]?.state, 'REFUND_PROCESS');
});

test('§5 #9–10 customs declarations', () => {
  const customs = {
    customs_declarations: [
      {
        id: 'CUS_1',
        state: 'SUCCESS',
        customs_code: 'HANGZHOU',
        mer_customs_code: 'M1',
        amount: { total: '10.00', currency: 'CNY' },
      },
    ],
  };
  assert.equal(resultOf.customs(read(customs).body)[0]?.id, 'CUS_1');
});

test('§5 #11 exchange rates, under either spelling', () => {
  assert.equal(
    resultOf.exchangeRates(read({ exchangeRates: [{ currency: 'USD', rate: '7.1234' }] }).body)[0]
      ?.rate,
    '7.1234',
  );
  assert.equal(
    resultOf.exchangeRates(read({ exchange_rates: [{ currency: 'JPY', rate: '0.0481' }] }).body)[0]
      ?.currency,
    'JPY',
  );
});

test('§5 #12 WeChat open_id page', () => {
  const body = read({
    links: [
      {
        ref: 'weChat',
        method: 'GET',
        href: 'https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx1',
      },
    ],
  }).body;
  assert.match(resultOf.wechatUrl(body), /^https:\/\/open\.weixin/);
});

test('§5 #13 transactions', () => {
  const transactions = resultOf.transactions(
    read({
      transactions: {
        payment_summaries: [
          {
            trade_no: '1',
            order_id: 'O1',
            amount: { total: '1.00', currency: 'USD' },
            state: 'TRADE_SUCCESS',
          },
        ],
        refund_summaries: [],
        pagination: { total_count: 1, page_number: 1, page_size: 500 },
      },
    }).body,
  );
  assert.equal(transactions.pagination?.page_size, 500);
  assert.equal(transactions.payment_summaries.length, 1);
});

test('§5 #14 reconciliation, as an object or as an array', () => {
  const summary = { settle_date: '20260105', service_fee: '0.30', exchange_amount: '712.14' };
  const object = resultOf.reconciliations(
    read({
      reconciliations: {
        reconciliation_summaries: [summary],
        pagination: { total_count: '1', page_number: '1', page_size: '500' },
      },
    }).body,
  );
  assert.equal(object.summaries[0]?.service_fee, '0.30');
  assert.deepEqual(object.payment_summaries, []);
  assert.equal(object.pagination?.total_count, 1);
  assert.equal(
    resultOf.reconciliations(read({ reconciliations: [summary] }).body).summaries.length,
    1,
  );
  const split = resultOf.reconciliations(
    read({ reconciliations: { payment_summaries: [summary], refund_summaries: [summary] } }).body,
  );
  assert.equal(split.refund_summaries.length, 1);
});

test('an amount sent as a JSON number is refused: decimals stay strings', () => {
  const body = read({
    payment: {
      ...ENVELOPE_EXAMPLE.payment,
      order: { ...ENVELOPE_EXAMPLE.payment.order, amount: { total: 100.02, currency: 'USD' } },
    },
  }).body;
  assert.throws(
    () => resultOf.payment(body),
    /payment\.order\.amount\.total: expected a decimal string/,
  );
});

test('an unknown payment state is refused with its path', () => {
  const body = read({ payment: { ...ENVELOPE_EXAMPLE.payment, state: 'PAID' } }).body;
  assert.throws(() => resultOf.payment(body), /payment\.state: expected one of WAIT_BUYER_PAY/);
});

test('a refusal envelope becomes a UmfError with its ret_code', () => {
  assert.throws(
    () => read({ meta: { ret_code: '00060760', ret_msg: 'payment does not exist' } }, 404),
    (error: unknown) =>
      error instanceof UmfError &&
      error.code === 'UMF_REFUSED' &&
      error.retCode === '00060760' &&
      error.httpStatus === 404,
  );
});

test('a non-JSON answer is a clear UmfError', () => {
  const run = (status: number) =>
    readEnvelope(
      spec,
      { status, headers: new Headers(), text: '<html>bad gateway</html>', requestId: 'r' },
      { keys, verify: true },
    );
  assert.throws(
    () => run(502),
    (error: unknown) =>
      error instanceof UmfError && error.code === 'HTTP_ERROR' && error.httpStatus === 502,
  );
  assert.throws(
    () => run(200),
    (error: unknown) => error instanceof UmfError && error.code === 'MALFORMED_RESPONSE',
  );
});
