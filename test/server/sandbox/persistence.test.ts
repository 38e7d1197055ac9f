// The sandbox's state across restarts: with a data folder, a new sandbox on the same folder knows
// every payment, refund, declaration, SMS, delivery, the token and the test clock of the last one;
// without one (or with persist: false) it starts empty. All over real HTTP.
import assert from 'node:assert/strict';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { decode, encode, STATE_FILE } from '../../../server/sandbox/persistence.ts';
import { startSandbox } from '../../../server/sandbox/sandbox.ts';
import type { Sandbox, SandboxOptions } from '../../../server/sandbox/types.ts';
import {
  at,
  CARDS,
  createAndVerify,
  execute,
  PHONE,
  paymentBody,
  startReceiver,
  umfClient,
  waitFor,
} from './helpers.ts';

const dirs: string[] = [];
const running: Sandbox[] = [];

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'umf-sandbox-state-'));
  dirs.push(dir);
  return dir;
}

async function start(options: SandboxOptions): Promise<Sandbox> {
  const sandbox = await startSandbox({ executeDelayMs: 0, ...options });
  running.push(sandbox);
  return sandbox;
}

async function stop(sandbox: Sandbox): Promise<void> {
  running.splice(running.indexOf(sandbox), 1);
  await sandbox.close();
}

afterEach(async () => {
  for (const sandbox of running.splice(0)) await sandbox.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A refund in the reference shape, with its own refund number. */
function refundBody(number: string, total: string): Record<string, unknown> {
  return {
    org_amount: { total: '100.00', currency: 'USD' },
    orders: [{ mer_reference_id: number, amount: { total, currency: 'USD' } }],
  };
}

async function paidCardPayment(sandbox: Sandbox) {
  const client = umfClient(sandbox);
  const token = await client.authorize();
  const { id, code } = await createAndVerify(sandbox, client, CARDS.debit);
  const executed = await execute(client, id, CARDS.debit, code);
  assert.equal(at(executed.body, 'payment.state'), 'TRADE_SUCCESS', executed.text);
  return { client, token, id };
}

describe('state across restarts', () => {
  test('a restarted sandbox on the same folder queries, refunds and reports what the last one did', async () => {
    const dir = dataDir();
    const first = await start({ dataDir: dir });
    const { client, token, id } = await paidCardPayment(first);
    const refunded = await client.post(
      `/payments/payment/${id}/refund`,
      refundBody('RF-1', '30.00'),
    );
    assert.equal(refunded.status, 200, refunded.text);
    const declared = await client.post(`/payments/payment/${id}/apply_to_customs`, {
      customs_declaration: { customs_id: 'NB', mer_customs_code: 'C1' },
    });
    assert.equal(declared.status, 200, declared.text);
    await first.control.advanceClock(120);
    const before = await first.control.ledger();
    await stop(first);

    const second = await start({ dataDir: dir });
    const again = umfClient(second);
    // The token issued before the restart is still the live one: no new token needed.
    const queried = await again.get(`/payments/payment/${id}`, { token });
    assert.equal(queried.status, 200, queried.text);
    assert.equal(at(queried.body, 'payment.state'), 'TRADE_SUCCESS');
    assert.equal(at(queried.body, 'payment.order.amount.total'), '100.00');
    // The paid order takes no second payment: the restarted sandbox knows the order too.
    const orderId = String(at(queried.body, 'payment.order.mer_reference_id'));
    const twice = await again.post('/payments/payment', paymentBody({ orderId }), { token });
    assert.deepEqual([twice.status, at(twice.body, 'meta.ret_code')], [409, '00060740']);
    // 30.00 of 100.00 refunded before: 70.00 remain, not a cent more.
    const over = await again.post(`/payments/payment/${id}/refund`, refundBody('RF-2', '70.01'), {
      token,
    });
    assert.deepEqual([over.status, at(over.body, 'meta.ret_code')], [402, '00202009']);
    const rest = await again.post(`/payments/payment/${id}/refund`, refundBody('RF-2', '70.00'), {
      token,
    });
    assert.equal(rest.status, 200, rest.text);
    // The first refund number again answers the first refund, across the restart.
    const repeated = await again.post(
      `/payments/payment/${id}/refund`,
      refundBody('RF-1', '30.00'),
      {
        token,
      },
    );
    assert.equal(at(repeated.body, 'refund.id'), at(refunded.body, 'refund.id'));
    const refunds = await again.get(`/payments/refund/${id}`, { token });
    assert.deepEqual(
      (refunds.body.refunds as Record<string, unknown>[]).map((r) => at(r, 'amount.total')),
      ['30.00', '70.00'],
    );
    const customs = await again.get(`/payments/customs_declarations/${id}`, { token });
    assert.equal(at((customs.body.customs_declarations as unknown[])[0], 'customs_id'), 'NB');
    // The reports of the order's date list the payment and both refunds.
    const report = await again.get('/payments/transactions?mer_date=20260102', { token });
    assert.deepEqual(
      (at(report.body, 'transactions.payment_summaries') as Record<string, unknown>[]).map(
        (p) => p.trade_no,
      ),
      [id],
    );
    const file = await again.get('/payments/transactions_download?mer_date=20260102', { token });
    assert.match(file.text, new RegExp(`^${id},.*,P,DEBIT_CARD,$`, 'm'));
    // The control API shows the same world: ledger, SMS inbox, test clock.
    const after = await second.control.ledger();
    assert.deepEqual(
      after.payments.map((p) => [p.id, p.state, p.refundedAmount]),
      [[id, 'TRADE_SUCCESS', '100.00']],
    );
    assert.deepEqual(after.payments[0].createdAt, before.payments[0].createdAt);
    assert.equal((await second.control.sms(PHONE)).length, 1);
    const { now } = await second.control.advanceClock(0);
    assert.ok(Date.parse(now) - Date.now() > 110_000, `the clock kept its offset: ${now}`);
  });

  test('an execute accepted before the stop turns final after the restart, with its notification', async () => {
    const dir = dataDir();
    const receiver = await startReceiver();
    try {
      const first = await start({ dataDir: dir, executeDelayMs: 400 });
      const client = umfClient(first);
      const token = await client.authorize();
      const body = paymentBody({ notifyUrl: receiver.url });
      const { id, code } = await createAndVerify(first, client, CARDS.debit, body);
      const accepted = await execute(client, id, CARDS.debit, code);
      assert.equal(at(accepted.body, 'payment.state'), 'WAIT_BUYER_PAY');
      await stop(first);
      assert.equal(receiver.deliveries.length, 0);

      const second = await start({ dataDir: dir, executeDelayMs: 400 });
      const again = umfClient(second);
      const state = await waitFor(async () => {
        const got = await again.get(`/payments/payment/${id}`, { token });
        const s = at(got.body, 'payment.state');
        return s === 'TRADE_SUCCESS' ? s : undefined;
      });
      assert.equal(state, 'TRADE_SUCCESS');
      await receiver.delivered();
      assert.equal(at(receiver.deliveries[0].body, 'payment.state'), 'TRADE_SUCCESS');
    } finally {
      await receiver.close();
    }
  });

  test('a reset is kept: after it and a restart the sandbox is empty', async () => {
    const dir = dataDir();
    const first = await start({ dataDir: dir });
    const { id } = await paidCardPayment(first);
    await first.control.reset();
    await stop(first);
    const second = await start({ dataDir: dir });
    const client = umfClient(second);
    await client.authorize();
    const queried = await client.get(`/payments/payment/${id}`);
    assert.deepEqual([queried.status, at(queried.body, 'meta.ret_code')], [404, '00060760']);
    assert.deepEqual((await second.control.ledger()).payments, []);
  });

  test('persist: false and no data folder keep the state in memory only', async () => {
    const dir = dataDir();
    const first = await start({ dataDir: dir, persist: false });
    const { id } = await paidCardPayment(first);
    await stop(first);
    assert.equal(existsSync(join(dir, STATE_FILE)), false);
    const second = await start({ dataDir: dir, persist: false });
    const client = umfClient(second);
    await client.authorize();
    const queried = await client.get(`/payments/payment/${id}`);
    assert.equal(queried.status, 404);

    const memory = await start({});
    await paidCardPayment(memory);
    assert.equal((await memory.control.ledger()).payments.length, 1);
  });

  test('a second sandbox on a folder in use is refused, naming the folder', async () => {
    const dir = dataDir();
    await start({ dataDir: dir });
    await assert.rejects(start({ dataDir: dir }), (error: Error) => {
      assert.match(error.message, /in use by another running sandbox/);
      assert.ok(error.message.includes(dir));
      return true;
    });
  });

  test('a torn last line (a crash while writing) is skipped; a damaged line stops the start', async () => {
    const dir = dataDir();
    const first = await start({ dataDir: dir });
    const { id, token } = await paidCardPayment(first);
    await stop(first);
    const file = join(dir, STATE_FILE);
    appendFileSync(file, '{"t":"payment","v":{"id":"PAY_TORN"');
    const second = await start({ dataDir: dir });
    const queried = await umfClient(second).get(`/payments/payment/${id}`, { token });
    assert.equal(at(queried.body, 'payment.state'), 'TRADE_SUCCESS');
    await stop(second);

    const lines = readFileSync(file, 'utf8').split('\n');
    lines.splice(1, 0, 'not json');
    writeFileSync(file, lines.join('\n'));
    await assert.rejects(start({ dataDir: dir }), /state\.jsonl line 2 is not JSON/);
  });

  test('each journal line is its record as JSON, amounts as {"$bigint": digits}, read back as bigints', async () => {
    const dir = dataDir();
    const first = await start({ dataDir: dir });
    const { client, id } = await paidCardPayment(first);
    const refunded = await client.post(
      `/payments/payment/${id}/refund`,
      refundBody('RF-1', '30.00'),
    );
    assert.equal(refunded.status, 200, refunded.text);
    await stop(first);
    // Every value through one replacer: the plain reference for the bytes the journal writes.
    const reference = (value: unknown) =>
      JSON.stringify(value, (_key, member: unknown) =>
        typeof member === 'bigint' ? { $bigint: member.toString() } : member,
      );
    const lines = readFileSync(join(dir, STATE_FILE), 'utf8').trimEnd().split('\n');
    for (const text of lines) {
      const line = decode(text);
      assert.equal(reference(line), text);
      assert.equal(encode(line), text);
    }
    const records = lines.map(decode).flatMap((line) => ('v' in line ? [line] : []));
    const payment = records.findLast((line) => line.t === 'payment')?.v as Record<string, unknown>;
    const refund = records.findLast((line) => line.t === 'refund')?.v as Record<string, unknown>;
    assert.deepEqual(
      [payment.amountCents, payment.refundedCents, refund.amountCents],
      [10000n, 3000n, 3000n],
    );
    // A bigint below a record's own members is not written some other way: it throws.
    assert.throws(() => encode({ t: 'sms', v: { nested: { cents: 1n } } }), TypeError);
  });

  test('no card data reaches the data folder', async () => {
    const dir = dataDir();
    const first = await start({ dataDir: dir });
    await paidCardPayment(first);
    await stop(first);
    const text = readFileSync(join(dir, STATE_FILE), 'utf8');
    assert.ok(text.includes('0000'), 'the last four digits are kept');
    assert.equal(text.includes(CARDS.debit), false);
    assert.equal(text.includes('11010519491231002X'), false);
    assert.equal(text.includes('张三'), false);
  });
});
