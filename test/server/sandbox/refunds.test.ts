import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Sandbox } from '../../../server/sandbox/types.ts';
import { at, paymentBody, sandboxPerTest, type UmfTestClient, waitFor } from './helpers.ts';

describe('refunds and customs', () => {
  let sandbox: Sandbox;
  let client: UmfTestClient;
  sandboxPerTest({ executeDelayMs: 30 }, (started) => {
    ({ sandbox, client } = started);
  });

  async function paidPayment(): Promise<string> {
    const created = await client.post(
      '/payments/payment',
      paymentBody({ method: 'ALIPAY_SCAN', total: '100.00' }),
    );
    const id = String(at(created.body, 'payment.id'));
    await sandbox.control.scan(id);
    return id;
  }

  const refund = (id: string, total: string, currency = 'USD') =>
    client.post(`/payments/payment/${id}/refund`, {
      refund: {
        org_amount: { total: '100.00', currency: 'USD' },
        orders: [{ mer_reference_id: 'R', amount: { total, currency } }],
        notify_url: 'http://127.0.0.1:9/refund',
      },
    });

  test('refunds partially and repeatedly up to the paid amount', async () => {
    const id = await paidPayment();
    const first = await refund(id, '60.00');
    assert.equal(first.status, 200, first.text);
    assert.match(String(at(first.body, 'refund.id')), /^REFUND_/);
    assert.equal(at(first.body, 'refund.state'), 'REFUND_PROCESS');
    assert.deepEqual(
      (first.body.links as { ref: string }[]).map((l) => l.ref),
      ['parent_payment', 'self'],
    );
    const tooMuch = await refund(id, '40.01');
    assert.deepEqual([tooMuch.status, at(tooMuch.body, 'meta.ret_code')], [402, '00202009']);
    assert.equal((await refund(id, '40.00')).status, 200);
    const refundId = String(at(first.body, 'refund.id'));
    const state = await waitFor(async () => {
      const got = await client.get(`/payments/refund/${refundId}`);
      const s = at((got.body.refunds as unknown[])[0], 'state');
      return s === 'REFUND_SUCCESS' ? s : undefined;
    });
    assert.equal(state, 'REFUND_SUCCESS');
    assert.equal((await sandbox.control.ledger()).payments[0].refundedAmount, '100.00');
  });

  test('accepts the refunded amount as refund.amount too', async () => {
    const id = await paidPayment();
    const reply = await client.post(`/payments/payment/${id}/refund`, {
      refund: { org_amount: '100.00', amount: { total: '25.00', currency: 'USD' } },
    });
    assert.equal(at(reply.body, 'refund.amount.total'), '25.00');
    const mismatch = await client.post(`/payments/payment/${id}/refund`, {
      refund: {
        org_amount: '100.00',
        amount: { total: '5.00', currency: 'USD' },
        orders: [{ amount: { total: '6.00', currency: 'USD' } }],
      },
    });
    assert.equal(at(mismatch.body, 'meta.ret_code'), '00202010');
  });

  test("members the merchant sends never replace the refund's own id or state", async () => {
    const id = await paidPayment();
    // The SDK's Refund bean has id and state fields; a client may send them filled.
    const reply = await client.post(`/payments/payment/${id}/refund`, {
      id: 'MINE',
      state: 'REFUND_SUCCESS',
      parent_payment: 'PAY_OTHER',
      order: { mer_reference_id: 'RF-7', amount: { total: '5.00', currency: 'USD' } },
    });
    assert.equal(reply.status, 200, reply.text);
    assert.match(String(at(reply.body, 'refund.id')), /^REFUND_/);
    assert.equal(at(reply.body, 'refund.state'), 'REFUND_PROCESS');
    assert.equal(at(reply.body, 'refund.parent_payment'), id);
  });

  test('refuses a refund in another currency or of an unpaid payment', async () => {
    const id = await paidPayment();
    assert.equal(at((await refund(id, '1.00', 'EUR')).body, 'meta.ret_code'), '00202011');
    const open = await client.post('/payments/payment', paymentBody({ method: 'ALIPAY_SCAN' }));
    const reply = await refund(String(at(open.body, 'payment.id')), '1.00');
    assert.deepEqual([reply.status, at(reply.body, 'meta.ret_code')], [402, '00060766']);
  });

  test('records customs declarations and returns them by id', async () => {
    const id = await paidPayment();
    const applied = await client.post(`/payments/payment/${id}/apply_to_customs`, {
      customs_declaration: {
        mer_customs_code: 'C1',
        customs_id: 'SHANGHAI',
        amount: { total: '100.00', currency: 'USD' },
      },
    });
    assert.equal(applied.status, 200, applied.text);
    const [declaration] = applied.body.customs_declarations as Record<string, unknown>[];
    const got = await client.get(`/payments/customs_declarations/${declaration.id}`);
    assert.equal(at((got.body.customs_declarations as unknown[])[0], 'customs_id'), 'SHANGHAI');
  });
});
