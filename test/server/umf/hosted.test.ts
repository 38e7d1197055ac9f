// The UMF client's hosted payment (UMF's own payment page) against the sandbox: the body real
// merchants send (NOT_APPLICABLE, SERVER_TO_WEB, sub_mer_id, ret_url), the page read from the
// answer's links, and the payment the customer then makes on that page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { UmfClient } from '../../../server/umf/client.ts';
import { UmfError } from '../../../server/umf/errors.ts';
import { type PageRelation, pageUrlIn } from '../../../server/umf/payments.ts';
import { payOnHostedPage } from '../sandbox/hosted-customer.ts';
import { CARDS, paymentRequest, startUmf, waitFor } from './helpers.ts';

let umf: Awaited<ReturnType<typeof startUmf>>;

before(async () => {
  umf = await startUmf();
});
after(() => umf.close());

function hostedRequest(retUrl = 'https://shop.example/return') {
  const { order, notify_url, risk_info } = paymentRequest();
  return { order, notify_url, risk_info, ret_url: retUrl, subMerchantId: 'umfsubmer001' };
}

test('createHosted sends the hosted cashier body and returns the page to send the customer to', async () => {
  const client = umf.client();
  const created = await client.payments.createHosted(hostedRequest());
  assert.equal(created.payment.state, 'WAIT_BUYER_PAY');
  assert.equal(created.pageUrl, `${umf.sandbox.url}/cashier/${created.payment.id}`);
  const sent = umf.sent.findLast((r) => r.method === 'POST' && r.url.endsWith('/payments/payment'));
  const body = JSON.parse(String(sent?.body));
  assert.equal(body.payer.payment_method, 'NOT_APPLICABLE');
  assert.equal(body.payer.interface_type, 'SERVER_TO_WEB');
  assert.equal(body.payer.business_type, 'B2C');
  assert.equal(body.order.sub_mer_id, 'umfsubmer001');
  assert.equal(body.ret_url, 'https://shop.example/return');
  assert.equal(body.notify_url, 'http://127.0.0.1:9/umf/notify');
});

test('without a sub-merchant the order carries no sub_mer_id', async () => {
  const { subMerchantId: _, ...request } = hostedRequest();
  await umf.client().payments.createHosted(request);
  const sent = umf.sent.findLast((r) => r.method === 'POST' && r.url.endsWith('/payments/payment'));
  assert.equal('sub_mer_id' in JSON.parse(String(sent?.body)).order, false);
});

/** Resolves once UMF's payment query answers TRADE_SUCCESS (fails after 4 s). */
function paidAtUmf(client: UmfClient, paymentId: string) {
  return waitFor(async () =>
    (await client.payments.get(paymentId)).payment.state === 'TRADE_SUCCESS' ? true : undefined,
  );
}

test('the customer pays on the page and the payment query says TRADE_SUCCESS', async () => {
  const client = umf.client();
  const { payment, pageUrl } = await client.payments.createHosted(hostedRequest());
  const { returnUrl } = await payOnHostedPage(umf.control, pageUrl, { number: CARDS.debit });
  assert.equal(returnUrl, 'https://shop.example/return');
  await paidAtUmf(client, payment.id);
});

test("interfaceType SERVER_TO_H5WEB (UMF's mobile page, as UMF's QA tool sends it) is paid on the page too", async () => {
  const client = umf.client();
  const { payment, pageUrl } = await client.payments.createHosted({
    ...hostedRequest(),
    interfaceType: 'SERVER_TO_H5WEB',
  });
  const sent = umf.sent.findLast((r) => r.method === 'POST' && r.url.endsWith('/payments/payment'));
  assert.equal(JSON.parse(String(sent?.body)).payer.interface_type, 'SERVER_TO_H5WEB');
  assert.equal(payment.payer?.interface_type, 'SERVER_TO_H5WEB');
  await payOnHostedPage(umf.control, pageUrl, { number: CARDS.debit });
  await paidAtUmf(client, payment.id);
});

test("online banking (in UMF's SDK enums, sent by no public client) is refused as not enabled", async () => {
  const client = umf.client();
  for (const method of ['B2C_ONLINE_BANKING', 'B2B_ONLINE_BANKING'] as const) {
    const request = paymentRequest();
    await assert.rejects(
      client.payments.create({
        ...request,
        payer: { ...request.payer, payment_method: method, interface_type: 'SERVER_TO_WEB' },
        ret_url: 'https://shop.example/return',
      }),
      (error: unknown) => {
        assert.ok(error instanceof UmfError);
        assert.equal(error.retCode, '00060114');
        assert.match(String(error.retMsg), new RegExp(`${method} \\(online banking\\)`));
        return true;
      },
    );
  }
});

test('the page link: a page relation first, else the fourth link as UMF’s demo takes it', () => {
  const api = 'https://umf.example/cberest/v1/payments/payment/PAY_1';
  const page = 'https://pay.umf.example/cashier?token=abc';
  const named = (ref: PageRelation) => [
    { ref: 'self', href: api },
    { rel: ref, href: page },
  ];
  assert.equal(pageUrlIn(named('redirect_url')), page);
  assert.equal(pageUrlIn(named('pay_url')), page);
  const unnamed = [0, 1, 2].map((i) => ({ ref: `x${i}`, href: `${api}/${i}` }));
  assert.equal(pageUrlIn([...unnamed, { ref: 'other', href: page }]), page);
  assert.equal(pageUrlIn(unnamed), null);
  assert.equal(pageUrlIn([{ ref: 'pay_url', href: 'javascript:alert(1)' }]), null);
});
