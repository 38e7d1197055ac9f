import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chinaDate } from '../../../server/sandbox/clock.ts';
import { startSandbox } from '../../../server/sandbox/sandbox.ts';
import type { Sandbox } from '../../../server/sandbox/types.ts';
import { at, paymentBody, type UmfTestClient, umfClient } from './helpers.ts';

describe('transactions and reconciliation', () => {
  let sandbox: Sandbox;
  let client: UmfTestClient;
  let paidId = '';
  before(async () => {
    sandbox = await startSandbox({ executeDelayMs: 0 });
    client = umfClient(sandbox);
    await client.authorize();
    for (const total of ['100.00', '20.50', '3.00']) {
      const created = await client.post(
        '/payments/payment',
        paymentBody({ method: 'WECHAT_SCAN', total }),
      );
      paidId ||= String(at(created.body, 'payment.id'));
    }
    await sandbox.control.scan(paidId);
    await client.post(`/payments/payment/${paidId}/refund`, {
      refund: {
        org_amount: { total: '100.00', currency: 'USD' },
        orders: [{ amount: { total: '10.00', currency: 'USD' } }],
      },
    });
  });
  after(() => sandbox.close());

  test('pages the transactions of a merchant date', async () => {
    const first = await client.get('/payments/transactions?mer_date=20260102&page_size=2');
    assert.deepEqual(at(first.body, 'transactions.pagination'), {
      total_count: 3,
      page_number: 1,
      page_size: 2,
    });
    assert.equal((at(first.body, 'transactions.payment_summaries') as unknown[]).length, 2);
    const second = await client.get(
      '/payments/transactions?mer_date=20260102&page_size=2&page_number=2',
    );
    assert.equal((at(second.body, 'transactions.payment_summaries') as unknown[]).length, 1);
    assert.equal((await client.get('/payments/transactions?mer_date=2026-01-02')).status, 400);
  });

  test('reconciles what settled on a day with service fee and exchange amount', async () => {
    const today = chinaDate(Date.now());
    const reply = await client.get(`/payments/reconciliation_statement?settle_date=${today}`);
    const [payment] = at(reply.body, 'reconciliations.payment_summaries') as Record<
      string,
      unknown
    >[];
    assert.equal(payment.trade_no, paidId);
    assert.equal(payment.service_fee, '1.00');
    assert.equal(payment.exchange_amount, '100.00');
    const [refund] = at(reply.body, 'reconciliations.refund_summaries') as Record<
      string,
      unknown
    >[];
    assert.equal(refund.exchange_amount, '-10.00');
  });

  test('downloads the transactions file between TRANSDETAIL-START and -END lines', async () => {
    const today = chinaDate(Date.now());
    const reply = await client.get('/payments/transactions_download?mer_date=20260102');
    assert.match(String(reply.headers.get('content-type')), /^text\/csv/);
    const lines = reply.text.trimEnd().split('\r\n');
    assert.equal(lines[0], `TRANSDETAIL-START,${sandbox.credentials.clientId},20260102`);
    assert.equal(lines.at(-1), `TRANSDETAIL-END,${sandbox.credentials.clientId},20260102,879.74`);
    const paid = lines.find((line) => line.startsWith(paidId))?.split(',') ?? [];
    assert.equal(paid.length, 15);
    assert.deepEqual(
      [paid[1], paid[6], paid[7], paid[8], paid[9], paid[10], paid[11], paid[12]],
      ['138****8000', 'USD', '100.00', '712.34', '7.1234', today, '0', 'P'],
    );
    const settled = await client.get(
      `/payments/reconciliation_statement_download?mer_date=${today}`,
    );
    const refundLine =
      settled.text
        .split('\r\n')
        .find((line) => line.includes(',T,'))
        ?.split(',') ?? [];
    assert.equal(refundLine[14].startsWith('REFUND_'), true);
  });
});
