// Replays of what real UMF clients send, byte for byte where it matters, against the default
// (accept-all) sandbox: UMF's Java SDK and merchant demo, UMF's QA tool, a production Python
// call, Java snippets calling the live host. Each request is built here as that client builds it
// (headers, member names, body shapes, encodings), not through the project's UMF client.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startSandbox } from '../../../server/sandbox/sandbox.ts';
import type { Sandbox } from '../../../server/sandbox/types.ts';
import { signBytes, verifyBytes } from '../../../server/umf/crypto.ts';
import {
  acknowledged,
  at,
  type Body,
  CARDS,
  HOLDER_GBK,
  PHONE,
  RESIDENT_ID,
  smsFor,
  startReceiver,
  type UmfTestClient,
  umfClient,
  waitFor,
} from './helpers.ts';

type Raw = { status: number; text: string; body: Body; headers: Headers };

describe('replays of real UMF clients', () => {
  let sandbox: Sandbox;
  let keys: UmfTestClient;
  let token: string;
  let seq = 0;
  const orderId = () => `${Date.now()}${String(++seq).padStart(4, '0')}`;
  const today = () =>
    new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');

  before(async () => {
    sandbox = await startSandbox({ executeDelayMs: 0, notifyRetryBaseMs: 20 });
    keys = umfClient(sandbox);
  });
  beforeEach(async () => {
    await sandbox.control.reset();
    token = await sdkToken();
  });
  after(() => sandbox.close());

  /** One request exactly as given: the body string is sent (and signed) as is. */
  async function raw(
    method: 'GET' | 'POST',
    urlOrPath: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<Raw> {
    const url = urlOrPath.startsWith('http')
      ? urlOrPath
      : `${sandbox.credentials.baseUrl}${urlOrPath}`;
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    let parsed: Body = {};
    try {
      parsed = JSON.parse(text) as Body;
    } catch {}
    return { status: response.status, text, body: parsed, headers: response.headers };
  }

  /** A token request: this body, as given, to /oauth/authorize. */
  function authorize(
    body: string,
    contentType = 'application/json',
    extra: Record<string, string> = {},
  ) {
    return raw('POST', '/oauth/authorize', { 'Content-Type': contentType, ...extra }, body);
  }

  /** ReqUMF.post: Content-Type, "Bearer" + token (no space), Signature over the UTF-8 JSON. */
  function sdkPost(urlOrPath: string, json: string, extra: Record<string, string> = {}) {
    return raw(
      'POST',
      urlOrPath,
      {
        'Content-Type': 'application/json',
        Authorization: `Bearer${token}`,
        Signature: signBytes(Buffer.from(json, 'utf8'), keys.merchantKey),
        ...extra,
      },
      json,
    );
  }

  /** The SDK's getOauth (its own test below parses the answer the Java way). */
  async function sdkToken(): Promise<string> {
    const { clientId, clientSecret } = sandbox.credentials;
    const reply = await authorize(
      JSON.stringify({
        grant_type: 'client_credentials',
        client_secret: clientSecret,
        client_id: clientId,
      }),
      'application/json',
      { Accept: 'application/json' },
    );
    assert.equal(reply.status, 200, reply.text);
    return String(reply.body.access_token);
  }

  function sdkCardPayment(method: 'DEBIT_CARD' | 'CREDIT_CARD', card: Body, id = orderId()) {
    // ReqUMF.checkObject encrypts the non-empty card fields and leaves "" as it is; Gson
    // writes the SerializedName spellings: bank_card, quantity.
    return JSON.stringify({
      payer: {
        payment_method: method,
        bank_code: method === 'DEBIT_CARD' ? 'CITIC' : 'CMB',
        interface_type: 'SERVER_TO_SERVER',
        business_type: 'B2C',
        payer_info: { bank_card: card },
      },
      order: {
        mer_reference_id: id,
        mer_date: today(),
        amount: { total: '200.04', currency: 'CNY' },
        order_summary: 'maimaimai',
        expire_time: '360',
        sub_orders: [
          {
            mer_sub_reference_id: `${id}11`,
            trans_code: '01121990',
            amount: { total: '200.04', currency: 'CNY' },
            is_customs: 'false',
            items: [
              {
                mer_item_id: `${id}21`,
                type: 'FOOD',
                name: 'banana',
                quantity: '2',
                description: 'banana',
                amount: { total: '50.02', currency: 'CNY' },
              },
            ],
          },
        ],
      },
      notify_url: 'http://127.0.0.1:9/notify0000V4.jsp',
      risk_info: { trans_type: '02' },
    });
  }

  function bankCard(number: string, extra: Body = {}): Body {
    return {
      number: keys.encrypt(number),
      citizen_id_type: 'IDENTITY_CARD',
      citizen_id_number: keys.encrypt(RESIDENT_ID),
      payer_name: keys.encrypt('魏超'),
      valid_date: '',
      cvv2: '',
      phone: PHONE,
      ...extra,
    };
  }

  /** A credit card payment with this YYMM expiry, created and sent to verify as the SDK does. */
  async function creditVerified(yymm: string) {
    const card = bankCard(CARDS.credit, {
      valid_date: keys.encrypt(yymm),
      cvv2: keys.encrypt('123'),
    });
    const body = sdkCardPayment('CREDIT_CARD', card);
    const created = await sdkPost('/payments/payment', body);
    const id = String(at(created.body, 'payment.id'));
    const verified = await sdkPost(`/payments/payment/${id}/verify`, body);
    return { card, id, verified };
  }

  async function smsCode(paymentId: string): Promise<string> {
    const code = (await smsFor(sandbox, paymentId))[0]?.code;
    assert.ok(code, 'an SMS code was sent');
    return code;
  }

  async function paidPayment(notifyUrl = 'http://127.0.0.1:9/notify'): Promise<string> {
    const body = JSON.stringify({
      payer: {
        payment_method: 'WECHAT_SCAN',
        interface_type: 'SERVER_TO_SERVER',
        business_type: 'B2C',
        payer_info: { phone: PHONE, qr_code_scan: { citizen_id_type: '1' } },
      },
      order: {
        mer_reference_id: orderId(),
        mer_date: today(),
        amount: { total: '100.02', currency: 'USD' },
        order_summary: 'test for scan qrcode',
        expire_time: '360',
      },
      notify_url: notifyUrl,
    });
    const created = await sdkPost('/payments/payment', body);
    assert.equal(created.status, 200, created.text);
    const id = String(at(created.body, 'payment.id'));
    await sandbox.control.scan(id);
    return id;
  }

  test('the token answer starts with access_token: the Java split parse gets the token', async () => {
    const { clientId, clientSecret } = sandbox.credentials;
    const reply = await authorize(
      JSON.stringify({
        client_id: clientId,
        client_secret: clientSecret,
        grant_type: 'client_credentials',
      }),
    );
    assert.match(reply.text, /^\{"access_token":"[^"]+",/);
    const cut = reply.text.split(',')[0].split(':')[1];
    assert.equal(cut.substring(1, cut.length - 1), reply.body.access_token);
    assert.equal(at(reply.body, 'meta.ret_code'), '0000');
  });

  test('UMF\'s QA tool cuts the token between {"access_token":" and ","meta": it gets the token', async () => {
    const { clientId, clientSecret } = sandbox.credentials;
    // GenerateClientToken: scope and mer_id besides the credentials, then substring(17, the
    // last index of "\",\"meta\"") of the answer text.
    const reply = await authorize(
      JSON.stringify({
        scope: 'default',
        grant_type: 'client_credentials',
        client_secret: clientSecret,
        mer_id: '60000100',
        client_id: clientId,
      }),
    );
    assert.equal(reply.status, 200, reply.text);
    const cut = reply.text.substring(17, reply.text.lastIndexOf('","meta"'));
    assert.equal(cut, reply.body.access_token);
    assert.equal(typeof reply.body.expires_in, 'number');
  });

  test('a form-encoded token request is answered the same way', async () => {
    const { clientId, clientSecret } = sandbox.credentials;
    const reply = await authorize(
      `client_id=${clientId}&client_secret=${clientSecret}&grant_type=client_credentials`,
      'application/x-www-form-urlencoded',
    );
    assert.equal(reply.status, 200, reply.text);
    assert.match(reply.text, /^\{"access_token":/);
  });

  test('"Bearer<token>" without a space works on GET (with the SDK\'s Content-Type) and POST', async () => {
    const get = await raw('GET', '/exchange_rate?currency=USD', {
      'Content-Type': 'application/json',
      Authorization: `Bearer${token}`,
    });
    assert.equal(get.status, 200, get.text);
    assert.equal(at((get.body.exchangeRates as Body[])[0], 'currency'), 'USD');
    const post = await sdkPost('/payments/payment', sdkCardPayment('DEBIT_CARD', { phone: PHONE }));
    assert.equal(post.status, 200, post.text);
    const spaced = await raw('GET', '/bank?type=DEBIT_CARD', { Authorization: `Bearer ${token}` });
    assert.equal(spaced.status, 200, 'the spaced form still works');
  });

  test('the charset header is read in neither spelling: Charsert (the jar), Charset, or none', async () => {
    // UMF's SDK sends "Charsert: UTF-8", the Python caller "Charset: UTF-8", others nothing; the
    // body is UTF-8 JSON either way, so the header must not change the answer.
    const variants: Record<string, string>[] = [
      { Charsert: 'UTF-8' },
      { Charset: 'UTF-8' },
      {},
      { Charsert: 'GBK', Charset: 'GBK' },
    ];
    for (const headers of variants) {
      const body = JSON.parse(sdkCardPayment('DEBIT_CARD', { phone: PHONE })) as Body;
      (body.order as Body).order_summary = '香蕉两根';
      const json = JSON.stringify(body);
      const reply = await sdkPost('/payments/payment', json, {
        'Accept-Language': 'ZH',
        ...headers,
      });
      assert.equal(reply.status, 200, `${JSON.stringify(headers)}: ${reply.text}`);
      assert.equal(at(reply.body, 'payment.order.order_summary'), '香蕉两根');
    }
  });

  test('the production Python body (hosted cashier, raw bytes, ZH headers) creates a payment', async () => {
    const id = orderId();
    // The note's body as written, only the order id made unique: NOT_APPLICABLE +
    // SERVER_TO_WEB, sub_mer_id inside the order, item quantity, CNY, ret_url.
    const json = `{"payer":{"payment_method":"NOT_APPLICABLE","payer_info":{"phone":"17610496925"},"interface_type":"SERVER_TO_WEB","external_customer_id":"UMP1499826888843602","business_type":"B2C"},"order":{"mer_reference_id":"${id}","mer_date":"20230612","amount":{"total":"0.01","currency":"CNY"},"order_summary":"test","expire_time":"360","user_ip":"10.10.70.133","sub_orders":[{"mer_sub_reference_id":"${id}02","trans_code":"01122030","amount":{"total":"0.01","currency":"CNY"},"is_customs":"TRUE","invoice_id":"123456","items":[{"mer_item_id":"${id}03","type":"ELECTRONIC","name":"商品1","quantity":"2","description":"描述1","amount":{"total":"0.01","currency":"CNY"}}]}],"sub_mer_id":"umfsubmer001"},"notify_url":"http://127.0.0.1:9/spay_rest/payments/test/mer","ret_url":"http://127.0.0.1:9/notify0000V4.jsp","risk_info":{"trans_type":"02"}}`;
    const reply = await sdkPost('/payments/payment', json, {
      'Accept-Language': 'ZH',
      Charset: 'UTF-8',
    });
    assert.equal(reply.status, 200, reply.text);
    assert.equal(at(reply.body, 'payment.state'), 'WAIT_BUYER_PAY');
    assert.equal(at(reply.body, 'payment.order.sub_mer_id'), 'umfsubmer001');
    // UMF's demo sends the browser to links[3] of this answer: a page the customer can open.
    const links = reply.body.links as { href: string }[];
    const page = await fetch(links[3].href);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
  });

  test('the SDK debit flow: bank_card with empty valid_date and cvv2, verify_code in the card', async () => {
    const card = bankCard(CARDS.debit);
    const body = sdkCardPayment('DEBIT_CARD', card);
    const created = await sdkPost('/payments/payment', body);
    assert.equal(created.status, 200, created.text);
    // The demo calls verify at links[1] of the create answer, with the same body.
    const links = created.body.links as { ref: string; href: string }[];
    assert.equal(links[1].ref, 'sms_verify');
    const verified = await sdkPost(links[1].href, body);
    assert.equal(verified.status, 200, verified.text);
    const id = String(at(created.body, 'payment.id'));
    const confirm = (verified.body.links as { ref: string; href: string }[]).find(
      (l) => l.ref === 'confirm',
    );
    assert.ok(confirm);
    // The QA tool's execute: payer with the card again, the SMS code inside bank_card.
    const execute = JSON.stringify({
      payer: {
        payment_method: 'DEBIT_CARD',
        bank_code: 'CITIC',
        payer_info: { bank_card: { ...card, verify_code: await smsCode(id) } },
      },
    });
    const executed = await sdkPost(confirm.href, execute);
    assert.equal(executed.status, 200, executed.text);
    assert.equal(at(executed.body, 'payment.state'), 'TRADE_SUCCESS');
  });

  test("the demo's execute: the whole create payer again, verify_code set inside bank_card", async () => {
    // UMF's demo page builds one payer for create and verify (bank_card with "" for a debit
    // card's valid_date and cvv2, empty payer_agreement ids), then sets
    // payer.payer_info.bank_card.verify_code and posts {payer} to the confirm link.
    const card = bankCard(CARDS.debit, { external_customer_id: '' });
    const payer = {
      payer_info: {
        bank_card: card,
        payer_agreement: { usr_pay_agreement_id: '', usr_busi_agreement_id: '' },
      },
      payment_method: 'DEBIT_CARD',
      bank_code: 'CITIC',
      interface_type: 'SERVER_TO_SERVER',
      business_type: 'B2C',
    };
    const created = await sdkPost('/payments/payment', sdkCardPayment('DEBIT_CARD', card));
    assert.equal(created.status, 200, created.text);
    const id = String(at(created.body, 'payment.id'));
    const verified = await sdkPost(`/payments/payment/${id}/verify`, JSON.stringify({ payer }));
    assert.equal(verified.status, 200, verified.text);
    // The demo's executeUrl is links[1] of the verify answer.
    const links = verified.body.links as { ref: string; href: string }[];
    assert.equal(links[1].ref, 'confirm');
    const withCode = {
      ...payer,
      payer_info: { ...payer.payer_info, bank_card: { ...card, verify_code: await smsCode(id) } },
    };
    const executed = await sdkPost(links[1].href, JSON.stringify({ payer: withCode }));
    assert.equal(executed.status, 200, executed.text);
    assert.equal(at(executed.body, 'payment.state'), 'TRADE_SUCCESS');
  });

  test("a credit card with YYMM expiry (the SDK's 有效期(YYMM)) pays", async () => {
    const { card, id, verified } = await creditVerified('3012');
    assert.equal(verified.status, 200, verified.text);
    const execute = JSON.stringify({
      payer: { payer_info: { bank_card: { ...card, verify_code: await smsCode(id) } } },
    });
    const executed = await sdkPost(`/payments/payment/${id}/execute`, execute);
    assert.equal(at(executed.body, 'payment.state'), 'TRADE_SUCCESS', executed.text);
  });

  test('an expired YYMM date is refused as expired, not as malformed', async () => {
    const { verified } = await creditVerified('2001');
    assert.deepEqual([verified.status, at(verified.body, 'meta.ret_code')], [402, '00200026']);
  });

  test("a GBK-encrypted holder name (the QA tool's RSACharset GBK) is read", async () => {
    assert.equal(new TextDecoder('gbk').decode(HOLDER_GBK), '张三');
    const card = bankCard(CARDS.debit, { payer_name: keys.encryptBytes(HOLDER_GBK) });
    const body = sdkCardPayment('DEBIT_CARD', card);
    const created = await sdkPost('/payments/payment', body);
    const verified = await sdkPost(
      `/payments/payment/${at(created.body, 'payment.id')}/verify`,
      body,
    );
    assert.equal(verified.status, 200, verified.text);
  });

  test("the reference's refund example (top-level org_amount + orders[]) refunds", async () => {
    const id = await paidPayment();
    const refund = JSON.stringify({
      org_amount: { total: '100.02', currency: 'USD' },
      orders: [
        {
          mer_reference_id: '9010040125',
          mer_date: today(),
          amount: { total: '50.02', currency: 'USD' },
          sub_orders: [
            {
              mer_sub_reference_id: '04245435028',
              amount: { total: '50.02', currency: 'USD' },
              trans_code: '01121990',
              items: [
                {
                  mer_item_id: '042454350281',
                  type: 'CLOTHING',
                  name: '服装',
                  item_quantity: '2',
                  amount: { total: '50.02', currency: 'USD' },
                },
              ],
            },
          ],
        },
      ],
    });
    const reply = await sdkPost(`/payments/payment/${id}/refund`, refund);
    assert.equal(reply.status, 200, reply.text);
    const ledger = await sandbox.control.ledger();
    assert.equal(ledger.refunds[0].amount, '50.02');
    const report = await raw('GET', `/payments/transactions?mer_date=${today()}`, {
      Authorization: `Bearer${token}`,
    });
    const summaries = at(report.body, 'transactions.refund_summaries') as Body[];
    assert.equal(
      summaries[0].refund_no,
      '9010040125',
      'the merchant refund number is the reference',
    );
  });

  test('the SDK Refund bean as the QA tool fills it (order with a new refund number) refunds', async () => {
    const id = await paidPayment();
    const refundNo = `${orderId()}1234567899876121210`.slice(0, 32);
    const refund = JSON.stringify({
      order: {
        mer_reference_id: refundNo,
        amount: { total: '100.02', currency: 'USD' },
        sub_orders: [
          {
            mer_sub_reference_id: 'S1',
            trans_code: '03223010',
            amount: { total: '100.02', currency: 'USD' },
          },
        ],
      },
    });
    const reply = await sdkPost(`/payments/payment/${id}/refund`, refund);
    assert.equal(reply.status, 200, reply.text);
    assert.equal((await sandbox.control.ledger()).payments[0].refundedAmount, '100.02');
    // The same refund number again (a retry) is the same refund, not a second one.
    const again = await sdkPost(`/payments/payment/${id}/refund`, refund);
    assert.equal(at(again.body, 'refund.id'), at(reply.body, 'refund.id'));
    assert.equal((await sandbox.control.ledger()).refunds.length, 1);
  });

  test("the demo's refund_info body refunds and notifies its notify_url", async () => {
    const receiver = await startReceiver();
    try {
      const id = await paidPayment();
      const refund = JSON.stringify({
        refund_info: {
          mer_reference_id: `RF${orderId()}`,
          mer_date: today(),
          amount: { total: '10.00', currency: 'USD' },
          refund_summary: 'apply refund',
        },
        notify_url: receiver.url,
        // The demo's controller reads parent_payment for the URL and sends the object as is.
        parent_payment: id,
      });
      const reply = await sdkPost(`/payments/payment/${id}/refund`, refund);
      assert.equal(reply.status, 200, reply.text);
      const note = await waitFor(() =>
        receiver.deliveries.find((d) => d.body.refund !== undefined),
      );
      assert.equal(at(note.body, 'refund.state'), 'REFUND_SUCCESS');
    } finally {
      await receiver.close();
    }
  });

  test('a refund body of no known shape is refused, naming the three', async () => {
    const id = await paidPayment();
    const reply = await sdkPost(
      `/payments/payment/${id}/refund`,
      '{"amount":{"total":"1.00","currency":"USD"}}',
    );
    assert.equal(reply.status, 400);
    assert.match(
      String(at(reply.body, 'meta.ret_msg')),
      /org_amount \+ orders\[\].*order .*refund_info/,
    );
  });

  test("the demo's text acknowledgement stops re-delivery; the Signature header verifies", async () => {
    // NotifyController: verifies SignUtil.verifySign(reqBody, header "Signature") with UMF's
    // certificate and answers text/plain "ret_code=0000&ret_msg= Notification data …".
    const receiver = await startReceiver(() => ({
      status: 200,
      text: 'ret_code=0000&ret_msg= Notification data received successfully.',
    }));
    try {
      await paidPayment(receiver.url);
      const [note] = await receiver.delivered();
      const certificate = new X509Certificate(sandbox.credentials.umfCertificatePem);
      assert.ok(verifyBytes(note.bytes, String(note.signature), certificate.publicKey));
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(receiver.deliveries.length, 1, 'no re-delivery after the text answer');
      assert.deepEqual(await acknowledged(sandbox), [true]);
    } finally {
      await receiver.close();
    }
  });

  test('a text answer with another ret_code is not an acknowledgement', async () => {
    const receiver = await startReceiver((n) =>
      n === 1
        ? { status: 200, text: 'failed to verify the signature' }
        : { status: 200, text: 'ret_code=0000&ret_msg=ok' },
    );
    try {
      await paidPayment(receiver.url);
      await receiver.delivered(2);
      assert.deepEqual(await acknowledged(sandbox), [false, true]);
    } finally {
      await receiver.close();
    }
  });
});
