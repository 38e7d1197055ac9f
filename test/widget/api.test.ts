/// <reference types="mocha" />
// The widget's GraphQL operations (widget/api/client.ts) from a real page against the real BFF:
// cross-origin (CORS allowlist), CSRF header, persisted hashes only; card data encrypted.
import { expect } from '@open-wc/testing';
import {
  type Checkout,
  createApi,
  documentHash,
  isFinal,
  OPERATIONS,
} from '../../widget/api/client.ts';
import { type EncryptionKey, encryptField } from '../../widget/api/encrypt.ts';
import {
  bffEndpoint,
  CARDS,
  createCheckout,
  newestSmsCode,
  PHONE,
  RESIDENT_ID,
  recordingEndpoint,
  scanQr,
} from './support/bff.ts';

type Result = { __typename: string; checkout?: Checkout; code?: string };

/** The statuses a checkout ends in (what isFinal reads), for a stream's status strings. */
const FINAL = ['SUCCEEDED', 'FAILED', 'EXPIRED', 'CANCELED'];

function encryptCard(key: EncryptionKey, number: string) {
  return {
    number: encryptField(number, key),
    holderName: encryptField('张三', key),
    idNumber: encryptField(RESIDENT_ID, key),
  };
}

async function settle(api: ReturnType<typeof createApi>, clientSecret: string) {
  for (let i = 0; i < 100; i++) {
    const { checkout } = await api.request<{ checkout: Checkout }>('Checkout', { clientSecret });
    if (isFinal(checkout)) return checkout;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the checkout never reached a final state');
}

async function post(body: unknown, headers: Record<string, string>) {
  const response = await fetch(await bffEndpoint(), {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    json: (await response.json().catch(() => null)) as {
      data?: unknown;
      errors?: { extensions?: { code?: string } }[];
    } | null,
  };
}

describe('widget operations from the page', () => {
  it('reads its checkout by hash, cross-origin, without the merchant key', async () => {
    const { clientSecret, id } = await createCheckout({ amount: '88.80' });
    const api = createApi({ endpoint: await bffEndpoint(), locale: 'en' });
    const { checkout } = await api.request<{ checkout: Checkout }>('Checkout', { clientSecret });
    expect(checkout.id).to.equal(id);
    expect(checkout.status).to.equal('OPEN');
    expect(checkout.amount).to.deep.equal({ amount: '88.80', currency: 'USD' });
    expect(checkout.encryptionKey.modulus).to.be.a('string').and.not.be.empty;
  });

  it('lists the banks for a card type', async () => {
    const api = createApi({ endpoint: await bffEndpoint() });
    const { banks } = await api.request<{ banks: { code: string }[] }>('Banks', {
      cardType: 'DEBIT_CARD',
    });
    expect(banks.map((bank) => bank.code)).to.include('ICBC');
  });

  it('pays by card (SMS code, confirm) without the card number ever leaving the page', async () => {
    const { clientSecret } = await createCheckout();
    const recording = await recordingEndpoint();
    const api = createApi({ endpoint: recording.endpoint });
    const { checkout } = await api.request<{ checkout: Checkout }>('Checkout', { clientSecret });
    const key = checkout.encryptionKey;
    const card = CARDS.debit;
    const { sendSmsCode } = await api.request<{ sendSmsCode: Result }>('SendSmsCode', {
      input: {
        clientSecret,
        method: 'DEBIT_CARD',
        bankCode: 'ICBC',
        phone: PHONE,
        card: encryptCard(key, card),
      },
    });
    expect(sendSmsCode.__typename).to.equal('SmsCodeSent');
    const attemptId = sendSmsCode.checkout?.attempt?.id;
    const smsCode = await newestSmsCode(PHONE);
    const { confirmPayment } = await api.request<{ confirmPayment: Result }>('ConfirmPayment', {
      input: { clientSecret, attemptId, phone: PHONE, card: encryptCard(key, card), smsCode },
    });
    expect(confirmPayment.__typename).to.equal('PaymentConfirmed');
    expect((await settle(api, clientSecret)).status).to.equal('SUCCEEDED');
    const posts = (await recording.requests()).filter((r) => r.method === 'POST');
    expect(posts.map((r) => JSON.parse(r.body).operationName)).to.include.members([
      'Checkout',
      'SendSmsCode',
      'ConfirmPayment',
    ]);
    expect(posts.every((r) => r.headers.origin === location.origin)).to.equal(true);
    await recording.assertNeverSent(card, RESIDENT_ID, '张三');
  });

  it('pays by QR: the customer scans, the checkout succeeds', async () => {
    const { clientSecret } = await createCheckout({ methods: ['ALIPAY_SCAN'] });
    const api = createApi({ endpoint: await bffEndpoint() });
    const { startQrPayment } = await api.request<{
      startQrPayment: Result & { qrContent?: string };
    }>('StartQrPayment', { input: { clientSecret, method: 'ALIPAY_SCAN' } });
    expect(startQrPayment.__typename).to.equal('QrPayment');
    await scanQr(startQrPayment.qrContent ?? '');
    expect((await settle(api, clientSecret)).status).to.equal('SUCCEEDED');
  });

  it('streams checkoutUpdated to the page with fetch (SSE, cross-origin) until SUCCEEDED', async () => {
    const { clientSecret } = await createCheckout({ methods: ['WECHAT_SCAN'] });
    const recording = await recordingEndpoint();
    const response = await fetch(recording.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        'x-umf-client': 'widget',
      },
      body: JSON.stringify({
        operationName: 'CheckoutUpdated',
        variables: { clientSecret },
        extensions: {
          persistedQuery: {
            version: 1,
            sha256Hash: await documentHash(OPERATIONS.CheckoutUpdated),
          },
        },
      }),
    });
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/text\/event-stream/);
    const api = createApi({ endpoint: recording.endpoint });
    const { startQrPayment } = await api.request<{
      startQrPayment: Result & { qrContent?: string };
    }>('StartQrPayment', { input: { clientSecret, method: 'WECHAT_SCAN' } });
    await scanQr(startQrPayment.qrContent ?? '');
    const statuses: string[] = [];
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    while (!FINAL.includes(statuses.at(-1) ?? '')) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (const match of buffer.matchAll(/^data: (.+)$/gm)) {
        const status = JSON.parse(match[1]).data?.checkoutUpdated?.status;
        if (status && statuses.at(-1) !== status) statuses.push(status);
      }
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    }
    await reader.cancel();
    expect(statuses.at(-1)).to.equal('SUCCEEDED');
  });
});

describe('what the BFF refuses a page', () => {
  it('refuses a plain document without the merchant key', async () => {
    const { status, json } = await post(
      { query: '{ __typename }' },
      { 'content-type': 'application/json', 'x-umf-client': 'widget' },
    );
    expect(status).to.equal(403);
    expect(json?.data).to.equal(undefined);
    expect(json?.errors?.[0]?.extensions?.code).to.equal('PERSISTED_QUERY_ONLY');
  });

  it('refuses an unknown document hash', async () => {
    const { status, json } = await post(
      { extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } },
      { 'content-type': 'application/json', 'x-umf-client': 'widget' },
    );
    expect(status).to.equal(400);
    expect(json?.errors?.[0]?.extensions?.code).to.equal('PERSISTED_QUERY_NOT_FOUND');
  });

  it('refuses a simple text/plain post without X-UMF-Client (CSRF)', async () => {
    const { status } = await post(
      {
        operationName: 'Banks',
        variables: { cardType: 'DEBIT_CARD' },
        extensions: {
          persistedQuery: { version: 1, sha256Hash: await documentHash(OPERATIONS.Banks) },
        },
      },
      { 'content-type': 'text/plain' },
    );
    expect(status).to.equal(403);
  });

  it('a client secret reads nothing for a made-up secret', async () => {
    const api = createApi({ endpoint: await bffEndpoint() });
    const { checkout } = await api.request<{ checkout: Result }>('Checkout', {
      clientSecret: `cs_${'0'.repeat(40)}`,
    });
    expect(checkout.__typename).to.equal('CheckoutError');
  });
});
