import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { FaultRule } from '../../../server/sandbox/types.ts';
import type { UmfClient, UmfClientOptions } from '../../../server/umf/client.ts';
import { UmfError } from '../../../server/umf/errors.ts';
import { CARDS, executeWith, paymentRequest, useUmf, verifiedPayment } from './helpers.ts';

// The file's client sends as production does (node:http, no fetch handed in).
const umf = useUmf({}, { client: { bankCacheMs: 0, fetch: undefined } });
afterEach(() => umf.control.faults({}));

/** The execute faults over both transports: the default one, and a fetch handed to the client. */
const TRANSPORTS: { via: string; client: (options?: Partial<UmfClientOptions>) => UmfClient }[] = [
  { via: 'node:http', client: (options = {}) => umf.clientWith({ fetch: undefined, ...options }) },
  { via: 'fetch', client: (options = {}) => umf.clientWith(options) },
];

/** A payment with its SMS code sent, ready to execute under the given fault. */
async function readyToExecute(number: string = CARDS.debit) {
  const { id, code } = await verifiedPayment(umf, umf.client, { number });
  return { id, request: executeWith(umf, { number }, code) };
}

async function executeUnder(rule: FaultRule, number?: string, client = umf.client) {
  const { id, request } = await readyToExecute(number);
  await umf.control.faults({ rules: [rule] });
  const result = await client.payments.execute(id, request);
  const log = await umf.control.requests();
  const executes = log.filter((r) => r.endpoint === 'execute' && r.path.includes(id));
  const ledger = (await umf.control.ledger()).payments.find((p) => p.id === id);
  return { id, result, executes, ledger };
}

// Each fault on execute, with what the client must report from its query and what UMF did.
const EXECUTE_FAULTS: {
  name: string;
  rule: FaultRule;
  reason?: string;
  state: string;
  executions?: number;
}[] = [
  {
    name: 'a connection cut after execute took effect: the client reports TRADE_SUCCESS from a query',
    rule: { endpoint: 'execute', reset: 'after', times: 1 },
    reason: 'NETWORK_ERROR',
    state: 'TRADE_SUCCESS',
    executions: 1,
  },
  {
    name: 'a connection cut before execute: the client reports the payment still waiting, not executed',
    rule: { endpoint: 'execute', reset: 'before', times: 1 },
    state: 'WAIT_BUYER_PAY',
    executions: 0,
  },
  {
    name: 'an HTTP 500 on execute is not re-sent; the payment is queried instead',
    rule: { endpoint: 'execute', errorRate: 1, times: 1 },
    state: 'WAIT_BUYER_PAY',
  },
  {
    name: 'a badly signed execute answer is not trusted: the payment is queried',
    rule: { endpoint: 'execute', badSignature: true, times: 1 },
    reason: 'SIGNATURE_INVALID',
    state: 'TRADE_SUCCESS',
    executions: 1,
  },
];

for (const { via, client } of TRANSPORTS)
  for (const c of EXECUTE_FAULTS) {
    test(`${c.name} (${via})`, async () => {
      const { result, executes, ledger } = await executeUnder(c.rule, undefined, client());
      assert.equal(result.recovered, true);
      if (c.reason) assert.equal(result.recoveryReason, c.reason);
      assert.equal(result.state, c.state);
      if (c.state === 'TRADE_SUCCESS') assert.equal(result.payment.state, 'TRADE_SUCCESS');
      assert.equal(executes.length, 1, 'execute was sent once');
      if (c.executions !== undefined) assert.equal(ledger?.executions, c.executions);
    });
  }

for (const { via, client } of TRANSPORTS)
  test(`an execute answer slower than the timeout is resolved by querying (${via})`, async () => {
    const slow = client({ timeoutMs: 150 });
    const { id, request } = await readyToExecute();
    await umf.control.faults({ rules: [{ endpoint: 'execute', latencyMs: 400, times: 1 }] });
    const result = await slow.payments.execute(id, request);
    assert.equal(result.recovered, true);
    assert.equal(result.recoveryReason, 'TIMEOUT');
    const executes = (await umf.control.requests()).filter(
      (r) => r.endpoint === 'execute' && r.path.includes(id),
    );
    assert.ok(executes.length <= 1);
  });

test('a declined execute (4xx with ret_code) is thrown, not recovered', async () => {
  const { id, request } = await readyToExecute(CARDS.insufficient);
  await assert.rejects(
    umf.client.payments.execute(id, request),
    (error: unknown) => error instanceof UmfError && error.retCode === '00060730',
  );
});

test('GET /bank answering 500 twice is retried and succeeds', async () => {
  await umf.control.faults({ rules: [{ endpoint: 'bank', errorRate: 1, times: 2 }] });
  const before = (await umf.control.requests()).filter((r) => r.endpoint === 'bank').length;
  const banks = await umf.client.banks.list('CREDIT_CARD');
  assert.ok(banks.banks.length > 0);
  const log = (await umf.control.requests()).filter((r) => r.endpoint === 'bank').slice(before);
  assert.deepEqual(
    log.map((r) => r.status),
    [500, 500, 200],
  );
});

test('a GET whose connection is cut is retried', async () => {
  await umf.control.faults({ rules: [{ endpoint: 'exchangeRate', reset: 'before', times: 1 }] });
  const rates = await umf.client.exchangeRates.get('USD');
  assert.equal(rates.retCode, '0000');
});

test('POST /payments/payment answering 500 is not re-sent', async () => {
  await umf.control.faults({ rules: [{ endpoint: 'createPayment', errorRate: 1, times: 1 }] });
  const before = (await umf.control.requests()).filter(
    (r) => r.endpoint === 'createPayment',
  ).length;
  await assert.rejects(
    umf.client.payments.create(paymentRequest()),
    (error: unknown) => error instanceof UmfError && error.httpStatus === 500,
  );
  const after = (await umf.control.requests()).filter((r) => r.endpoint === 'createPayment').length;
  assert.equal(after - before, 1);
});

test('when execute and the query both fail, the outcome is reported unknown', async () => {
  const { id, request } = await readyToExecute();
  await umf.control.faults({
    rules: [
      { endpoint: 'execute', reset: 'after', times: 1 },
      { endpoint: 'getPayment', errorRate: 1 },
    ],
  });
  await assert.rejects(
    umf.client.payments.execute(id, request),
    (error: unknown) => error instanceof UmfError && error.code === 'OUTCOME_UNKNOWN',
  );
});

test('a 429 on a GET is retried after the Retry-After delay', async () => {
  const delays: number[] = [];
  let throttled = false;
  const throttling = umf.clientWith({
    sleep: async (ms) => {
      delays.push(ms);
    },
    fetch: async (url, init) => {
      if (!throttled && url.includes('/exchange_rate')) {
        throttled = true;
        return new Response('{"meta":{"ret_code":"00060999","ret_msg":"busy"}}', {
          status: 429,
          headers: { 'Retry-After': '2' },
        });
      }
      return fetch(url, init);
    },
  });
  const rates = await throttling.exchangeRates.get('USD');
  assert.equal(rates.retCode, '0000');
  assert.deepEqual(delays, [2000]);
});
