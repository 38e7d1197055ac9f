// Strict mode: each setting refuses the other variant the way UMF would (HTTP 400/401, ret_msg
// naming the member or header) and accepts its own; the default accepts both.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { runSandbox } from '../../../server/sandbox/cli.ts';
import { startSandbox } from '../../../server/sandbox/sandbox.ts';
import { parseStrictEnv, type SandboxStrict } from '../../../server/sandbox/strict.ts';
import type { Sandbox } from '../../../server/sandbox/types.ts';
import { verifyEnvelope } from '../../../server/umf/crypto.ts';
import {
  acknowledged,
  at,
  type Body,
  CARDS,
  type CardStyle,
  type ClientStyle,
  cardBody,
  createAndVerify,
  execute,
  paymentBody,
  startReceiver,
  type UmfTestClient,
  umfClient,
} from './helpers.ts';

const started: Sandbox[] = [];
after(() => Promise.all(started.map((s) => s.close())));

async function strictSandbox(strict: SandboxStrict, style: ClientStyle = {}) {
  const sandbox = await startSandbox({ executeDelayMs: 0, notifyRetryBaseMs: 20, strict });
  started.push(sandbox);
  const client = umfClient(sandbox, style);
  await client.authorize();
  return { sandbox, client };
}

function assertRefused(reply: { status: number; body: Body }, status: number, names: RegExp) {
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  assert.equal(at(reply.body, 'meta.ret_code'), '00060700');
  assert.match(String(at(reply.body, 'meta.ret_msg')), names);
}

/** The payment body with the reference examples' item spelling. */
function itemQuantityBody(): Body {
  return JSON.parse(JSON.stringify(paymentBody()).replaceAll('"quantity"', '"item_quantity"'));
}

async function paidQr(client: UmfTestClient, sandbox: Sandbox, notifyUrl?: string) {
  const created = await client.post(
    '/payments/payment',
    paymentBody({ method: 'WECHAT_SCAN', total: '100.00', notifyUrl }),
  );
  assert.equal(created.status, 200, created.text);
  const id = String(at(created.body, 'payment.id'));
  await sandbox.control.scan(id);
  return id;
}

const REFUNDS = {
  reference: {
    org_amount: { total: '100.00', currency: 'USD' },
    orders: [{ mer_reference_id: 'RF-1', amount: { total: '10.00', currency: 'USD' } }],
  },
  sdk: { order: { mer_reference_id: 'RF-1', amount: { total: '10.00', currency: 'USD' } } },
  demo: { refund_info: { mer_reference_id: 'RF-1', amount: { total: '10.00', currency: 'USD' } } },
} as const;

describe('strict settings are validated', () => {
  test('UMF_SANDBOX_STRICT parses key=value pairs', () => {
    assert.deepEqual(parseStrictEnv(' memberSpelling=sdk , refundShape=demo '), {
      memberSpelling: 'sdk',
      refundShape: 'demo',
    });
    assert.deepEqual(parseStrictEnv(''), {});
  });

  test('an unknown key, a wrong value or a missing = is named', () => {
    assert.throws(() => parseStrictEnv('spelling=sdk'), /unknown strict setting "spelling"/);
    assert.throws(
      () => parseStrictEnv('refundShape=wrapped'),
      /refundShape must be one of reference, sdk, demo, got "wrapped"/,
    );
    assert.throws(() => parseStrictEnv('bearer'), /"bearer" is not key=value/);
  });

  test('npm run sandbox refuses a bad UMF_SANDBOX_STRICT, naming it', async () => {
    await assert.rejects(
      runSandbox({ UMF_SANDBOX_PORT: '0', UMF_SANDBOX_STRICT: 'cardExpiry=MM/YY' }, () => {}),
      /UMF_SANDBOX_STRICT: strict cardExpiry must be one of YYMM, MMYY/,
    );
  });

  test('the factory option is checked the same way', async () => {
    await assert.rejects(
      startSandbox({ strict: { bearer: 'tab' } as unknown as SandboxStrict }),
      /strict bearer must be one of no-space, space/,
    );
  });
});

describe('strict bearer', () => {
  test('no-space refuses "Bearer <token>" with 401 naming the header', async () => {
    const { client } = await strictSandbox({ bearer: 'no-space' }, { bearer: 'space' });
    assertRefused(await client.get('/bank?type=DEBIT_CARD'), 401, /Authorization.*without a space/);
  });

  test('no-space takes "Bearer<token>" on GET and POST', async () => {
    const { client } = await strictSandbox({ bearer: 'no-space' }, { bearer: 'no-space' });
    assert.equal((await client.get('/bank?type=DEBIT_CARD')).status, 200);
    assert.equal((await client.post('/payments/payment', paymentBody())).status, 200);
  });

  test('space refuses "Bearer<token>"', async () => {
    const { client } = await strictSandbox({ bearer: 'space' }, { bearer: 'no-space' });
    assertRefused(await client.get('/bank?type=DEBIT_CARD'), 401, /Authorization.*one space/);
  });
});

describe('strict tokenRequest', () => {
  async function formToken(sandbox: Sandbox) {
    const { clientId, clientSecret, baseUrl } = sandbox.credentials;
    const response = await fetch(`${baseUrl}/oauth/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: clientId,
        client_secret: clientSecret,
        grant_type: 'client_credentials',
      }).toString(),
    });
    return { status: response.status, body: (await response.json()) as Body };
  }

  test('json refuses form fields', async () => {
    const { sandbox } = await strictSandbox({ tokenRequest: 'json' });
    assertRefused(await formToken(sandbox), 400, /token request must be a JSON body/);
  });

  test('form refuses JSON and takes form fields', async () => {
    const sandbox = await startSandbox({ strict: { tokenRequest: 'form' } });
    started.push(sandbox);
    await assert.rejects(umfClient(sandbox).authorize(), /must be form fields/);
    const form = await formToken(sandbox);
    assert.equal(form.status, 200);
    assert.equal(typeof form.body.access_token, 'string');
  });
});

describe('risk_info address (riskAddress)', () => {
  const ADDRESS = '上海市浦东新区世纪大道 100 号';
  const withAddress = (name: string): Body => ({
    ...paymentBody(),
    risk_info: { trans_type: '02', goods_type: '1', receiver_name: '张三', [name]: ADDRESS },
  });

  test('by default both names are taken and kept as sent', async () => {
    const { client } = await strictSandbox({});
    for (const name of ['receiver_address', 'shipping_address']) {
      const created = await client.post('/payments/payment', withAddress(name));
      assert.equal(created.status, 200, created.text);
      assert.equal(at(created.body, `payment.risk_info.${name}`), ADDRESS);
    }
  });

  for (const [strict, other] of [
    ['receiver_address', 'shipping_address'],
    ['shipping_address', 'receiver_address'],
  ] as const) {
    test(`${strict} takes its own name and refuses ${other}, naming it`, async () => {
      const { client } = await strictSandbox({ riskAddress: strict });
      assertRefused(
        await client.post('/payments/payment', withAddress(other)),
        400,
        new RegExp(`risk_info\\.${other} .*send ${strict} \\(strict riskAddress=${strict}\\)`),
      );
      const created = await client.post('/payments/payment', withAddress(strict));
      assert.equal(created.status, 200, created.text);
    });
  }
});

describe('the SMS code at execute (verifyCode)', () => {
  const PLACES = {
    'bank-card': 'payer.payer_info.bank_card.verify_code',
    'payer-info': 'payer.payer_info.verify_code',
  } as const;
  /** The execute body with the code in `place`: inside the card, or in payer_info. */
  function executeBody(client: UmfTestClient, code: string, place: keyof typeof PLACES): Body {
    const body = cardBody(client, CARDS.debit);
    const info = (body.payer as Body).payer_info as Body;
    if (place === 'payer-info') info.verify_code = code;
    else (info.bank_card as Body).verify_code = code;
    return body;
  }

  test('by default the code is taken in the card or in payer_info', async () => {
    const { sandbox, client } = await strictSandbox({});
    for (const place of ['bank-card', 'payer-info'] as const) {
      const { id, code } = await createAndVerify(sandbox, client);
      const paid = await client.post(
        `/payments/payment/${id}/execute`,
        executeBody(client, code, place),
      );
      assert.equal(paid.status, 200, paid.text);
      assert.equal(at(paid.body, 'payment.state'), 'TRADE_SUCCESS');
    }
  });

  for (const [strict, other] of [
    ['bank-card', 'payer-info'],
    ['payer-info', 'bank-card'],
  ] as const) {
    test(`${strict} takes the code there and refuses it in ${other}, naming both places`, async () => {
      const { sandbox, client } = await strictSandbox({ verifyCode: strict });
      const { id, code } = await createAndVerify(sandbox, client);
      const path = `/payments/payment/${id}/execute`;
      const escaped = (place: keyof typeof PLACES) => PLACES[place].replaceAll('.', '\\.');
      assertRefused(
        await client.post(path, executeBody(client, code, other)),
        400,
        new RegExp(
          `${escaped(other)} is not read: send the SMS code in ${escaped(strict)} \\(strict verifyCode=${strict}\\)`,
        ),
      );
      // Refused before any charge: the same code still pays in the right place.
      const paid = await client.post(path, executeBody(client, code, strict));
      assert.equal(paid.status, 200, paid.text);
      assert.equal(at(paid.body, 'payment.state'), 'TRADE_SUCCESS');
    });
  }
});

/** Each member spelling: the payment body and the card member it sends. */
const SPELLINGS = {
  sdk: { body: paymentBody, style: {} },
  'reference-examples': { body: itemQuantityBody, style: { member: 'bankCard' } },
} as const satisfies Record<string, { body: () => Body; style: CardStyle }>;
type Spelling = keyof typeof SPELLINGS;

/** The other spelling's payment body is refused at create, its card member at verify. */
async function assertOtherSpellingRefused(
  mode: Spelling,
  sandbox: Sandbox,
  client: UmfTestClient,
  names: { create: RegExp; verify: RegExp },
) {
  const other = SPELLINGS[mode === 'sdk' ? 'reference-examples' : 'sdk'];
  assertRefused(await client.post('/payments/payment', other.body()), 400, names.create);
  const body = SPELLINGS[mode].body();
  const { verified } = await createAndVerify(sandbox, client, CARDS.debit, body, other.style);
  assertRefused(verified, 400, names.verify);
}

/** A payment in the spelling's own body and card member verifies and pays. */
async function assertOwnSpellingPays(mode: Spelling, sandbox: Sandbox, client: UmfTestClient) {
  const { body, style } = SPELLINGS[mode];
  const { id, verified, code } = await createAndVerify(sandbox, client, CARDS.debit, body(), style);
  assert.equal(verified.status, 200, verified.text);
  assert.equal((await execute(client, id, CARDS.debit, code, style)).status, 200);
}

describe('strict memberSpelling', () => {
  test('sdk refuses bankCard and item_quantity, naming them', async () => {
    const { sandbox, client } = await strictSandbox({ memberSpelling: 'sdk' });
    await assertOtherSpellingRefused('sdk', sandbox, client, {
      create: /items\[0\]\.item_quantity: send quantity/,
      verify: /payer\.payer_info\.bankCard .*send bank_card/,
    });
  });

  test('sdk pays with bank_card and quantity', async () => {
    const { sandbox, client } = await strictSandbox({ memberSpelling: 'sdk' });
    await assertOwnSpellingPays('sdk', sandbox, client);
  });

  test('reference-examples refuses bank_card and quantity, takes bankCard', async () => {
    const { sandbox, client } = await strictSandbox({ memberSpelling: 'reference-examples' });
    await assertOtherSpellingRefused('reference-examples', sandbox, client, {
      create: /items\[0\]\.quantity: send item_quantity/,
      verify: /payer\.payer_info\.bank_card .*send bankCard/,
    });
    await sandbox.control.reset();
    await client.authorize();
    await assertOwnSpellingPays('reference-examples', sandbox, client);
  });
});

describe('strict refundShape', () => {
  for (const shape of ['reference', 'sdk', 'demo'] as const) {
    test(`${shape} takes its own body and refuses the others and the wrapper`, async () => {
      const { sandbox, client } = await strictSandbox({ refundShape: shape });
      const id = await paidQr(client, sandbox);
      for (const other of ['reference', 'sdk', 'demo'] as const) {
        if (other === shape) continue;
        assertRefused(
          await client.post(`/payments/payment/${id}/refund`, REFUNDS[other]),
          400,
          new RegExp(`strict refundShape=${shape}`),
        );
      }
      assertRefused(
        await client.post(`/payments/payment/${id}/refund`, { refund: REFUNDS.reference }),
        400,
        /not refund \{…\}/,
      );
      const own = await client.post(`/payments/payment/${id}/refund`, REFUNDS[shape]);
      assert.equal(own.status, 200, own.text);
      assert.equal((await sandbox.control.ledger()).refunds[0].amount, '10.00');
    });
  }
});

describe('strict fieldCharset', () => {
  test('UTF-8 refuses a GBK-encrypted holder name, naming the field', async () => {
    const { sandbox, client } = await strictSandbox({ fieldCharset: 'UTF-8' });
    const { verified } = await createAndVerify(sandbox, client, CARDS.debit, paymentBody(), {
      gbkName: true,
    });
    assertRefused(verified, 400, /bank_card\.payer_name is not UTF-8/);
  });

  test('GBK refuses a UTF-8 name and takes a GBK one', async () => {
    const { sandbox, client } = await strictSandbox({ fieldCharset: 'GBK' });
    const utf8 = await createAndVerify(sandbox, client);
    assertRefused(utf8.verified, 400, /bank_card\.payer_name is not GBK/);
    await sandbox.control.reset();
    await client.authorize();
    const style = { gbkName: true };
    const gbk = await createAndVerify(sandbox, client, CARDS.debit, paymentBody(), style);
    assert.equal(gbk.verified.status, 200, gbk.verified.text);
  });
});

describe('strict cardExpiry', () => {
  const credit = (validDate: string) => ({ validDate });

  test('YYMM refuses MMYY 1230 and takes YYMM 3012', async () => {
    const { sandbox, client } = await strictSandbox({ cardExpiry: 'YYMM' });
    const body = paymentBody({ bank: 'CMB' });
    const mmyy = await createAndVerify(sandbox, client, CARDS.credit, body, credit('1230'));
    assertRefused(mmyy.verified, 400, /bank_card\.valid_date must be YYMM/);
    await sandbox.control.reset();
    await client.authorize();
    const yymm = await createAndVerify(
      sandbox,
      client,
      CARDS.credit,
      paymentBody({ bank: 'CMB' }),
      credit('3012'),
    );
    assert.equal(yymm.verified.status, 200, yymm.verified.text);
  });

  test('MMYY refuses YYMM 3012', async () => {
    const { sandbox, client } = await strictSandbox({ cardExpiry: 'MMYY' });
    const body = paymentBody({ bank: 'CMB' });
    const yymm = await createAndVerify(sandbox, client, CARDS.credit, body, credit('3012'));
    assertRefused(yymm.verified, 400, /bank_card\.valid_date must be MMYY/);
  });
});

describe('strict notificationAnswer', () => {
  const TEXT = {
    status: 200,
    text: 'ret_code=0000&ret_msg= Notification data received successfully.',
  };
  const JSON_ACK = { status: 200, body: { meta: { ret_code: '0000' } } };

  for (const [mode, wrong, right] of [
    ['text', JSON_ACK, TEXT],
    ['json', TEXT, JSON_ACK],
  ] as const) {
    test(`${mode} retries after the other answer, stops after its own`, async () => {
      const { sandbox, client } = await strictSandbox({ notificationAnswer: mode });
      const receiver = await startReceiver((n) => (n === 1 ? wrong : right));
      try {
        await paidQr(client, sandbox, receiver.url);
        await receiver.delivered(2);
        await new Promise((resolve) => setTimeout(resolve, 150));
        assert.equal(receiver.deliveries.length, 2);
        assert.deepEqual(await acknowledged(sandbox), [false, true]);
      } finally {
        await receiver.close();
      }
    });
  }
});

describe('strict missingResponseSignature', () => {
  test('accept sends answers without meta.sign', async () => {
    const { client } = await strictSandbox({ missingResponseSignature: 'accept' });
    const created = await client.post('/payments/payment', paymentBody());
    assert.equal(created.status, 200);
    assert.equal(at(created.body, 'meta.sign'), undefined);
    assert.equal(at(created.body, 'meta.ret_code'), '0000');
  });

  test('refuse signs every answer', async () => {
    const { client } = await strictSandbox({ missingResponseSignature: 'refuse' });
    const created = await client.post('/payments/payment', paymentBody());
    assert.ok(verifyEnvelope(created.body, client.umfKey));
  });
});
