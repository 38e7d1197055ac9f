// Payer agreements (saved cards) over real HTTP: a card payment that sends the customer's id
// (bank_card.mer_cust_id) gets payer_agreement ids once it succeeds; a later payment verifies and
// executes with the agreement and the SMS code only; unknown, foreign and ended agreements are
// refused with UMF's codes and change nothing; test cards behave the same through an agreement.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { startSandbox } from '../../../server/sandbox/sandbox.ts';
import type { Sandbox, SandboxOptions } from '../../../server/sandbox/types.ts';
import {
  at,
  type Body,
  CARDS,
  cardBody,
  latestCode,
  paymentBody,
  sandboxPerTest,
  smsFor,
  startReceiver,
  type UmfTestClient,
  umfClient,
} from './helpers.ts';

const LIMITED = '6222020000010030';
/** Another card that pays (any Luhn-valid number ending 0000). */
const OTHER_CARD = '6222020000150000';

type Agreement = {
  usr_busi_agreement_id: string;
  usr_pay_agreement_id: string;
  gate_id?: string;
  last_four_cardId?: string;
};

function cardPaymentBody(overrides: Parameters<typeof paymentBody>[0] = {}): Body {
  return paymentBody({ method: 'DEBIT_CARD', ...overrides });
}

async function create(client: UmfTestClient, body: Body = cardPaymentBody()) {
  const created = await client.post('/payments/payment', body);
  assert.equal(created.status, 200, created.text);
  return String(at(created.body, 'payment.id'));
}

/** Pays with the card, sending mer_cust_id when given; returns the execute answer. */
async function payByCard(
  sandbox: Sandbox,
  client: UmfTestClient,
  number: string,
  merCustId: string | undefined,
  body: Body = cardPaymentBody(),
) {
  const id = await create(client, body);
  const extra = merCustId === undefined ? {} : { mer_cust_id: merCustId };
  const card = cardBody(client, number);
  const info = at(card, 'payer.payer_info') as Body;
  info.bank_card = { ...(info.bank_card as Body), ...extra };
  const verified = await client.post(`/payments/payment/${id}/verify`, card);
  assert.equal(verified.status, 200, verified.text);
  const code = await latestCode(sandbox, id);
  (info.bank_card as Body).verify_code = code;
  const executed = await client.post(`/payments/payment/${id}/execute`, card);
  return { id, executed };
}

function agreementOf(body: Body, member = 'payer_agreement'): Agreement {
  return at(body, `payment.payer.payer_info.${member}`) as Agreement;
}

/** A payer_info carrying the agreement's two ids (under `member`) and `extra`. */
const withAgreement = (
  agreement: Agreement,
  extra: Body = {},
  member = 'payer_agreement',
): Body => ({
  payer: {
    payer_info: {
      [member]: {
        usr_busi_agreement_id: agreement.usr_busi_agreement_id,
        usr_pay_agreement_id: agreement.usr_pay_agreement_id,
        ...extra,
      },
    },
  },
});

/** Pays a new payment by agreement: verify and execute carry the agreement and the code only. */
async function payByAgreement(
  sandbox: Sandbox,
  client: UmfTestClient,
  agreement: Agreement,
  body: Body = cardPaymentBody(),
) {
  const id = await create(client, body);
  const verified = await client.post(`/payments/payment/${id}/verify`, withAgreement(agreement));
  if (verified.status !== 200) return { id, verified, executed: undefined };
  const code = await latestCode(sandbox, id);
  const executed = await client.post(
    `/payments/payment/${id}/execute`,
    withAgreement(agreement, { verify_code: code }),
  );
  return { id, verified, executed };
}

const retCode = (reply: { status: number; body: Body }) => [
  reply.status,
  at(reply.body, 'meta.ret_code'),
];

describe('payer agreements', () => {
  let sandbox: Sandbox;
  let client: UmfTestClient;
  sandboxPerTest({ executeDelayMs: 0 }, (started) => {
    ({ sandbox, client } = started);
  });

  test('a successful card payment with mer_cust_id carries payer_agreement ids; without, none', async () => {
    const { id, executed } = await payByCard(sandbox, client, CARDS.debit, 'customer-1');
    assert.equal(at(executed.body, 'payment.state'), 'TRADE_SUCCESS', executed.text);
    const agreement = agreementOf(executed.body);
    assert.match(agreement.usr_busi_agreement_id, /^UB\d{30}$/);
    assert.match(agreement.usr_pay_agreement_id, /^P\d{31}$/);
    assert.deepEqual([agreement.gate_id, agreement.last_four_cardId], ['ICBC', '0000']);
    const queried = await client.get(`/payments/payment/${id}`);
    assert.deepEqual(agreementOf(queried.body), agreement);
    const listed = await sandbox.control.agreements();
    assert.deepEqual(
      listed.map((a) => [a.usrPayAgreementId, a.merCustId, a.state, a.paymentId, a.lastFour]),
      [[agreement.usr_pay_agreement_id, 'customer-1', 'ACTIVE', id, '0000']],
    );
    assert.equal(JSON.stringify(listed).includes(CARDS.debit), false);

    const plain = await payByCard(sandbox, client, CARDS.debit, undefined);
    assert.equal(at(plain.executed.body, 'payment.state'), 'TRADE_SUCCESS');
    assert.equal(agreementOf(plain.executed.body), undefined);
    assert.equal((await sandbox.control.agreements()).length, 1);
  });

  test('a failed card payment issues no agreement', async () => {
    const { executed } = await payByCard(sandbox, client, CARDS.insufficient, 'customer-1');
    assert.deepEqual(retCode(executed), [402, '00060730']);
    assert.equal(agreementOf(executed.body), undefined);
    assert.deepEqual(await sandbox.control.agreements(), []);
  });

  test('a later payment pays by agreement with the SMS step only', async () => {
    const first = await payByCard(sandbox, client, CARDS.debit, 'customer-1');
    const agreement = agreementOf(first.executed.body);
    const { id, verified, executed } = await payByAgreement(sandbox, client, agreement);
    assert.equal(verified.status, 200, verified.text);
    assert.deepEqual(
      (verified.body.links as { ref: string }[]).map((l) => l.ref),
      ['self', 'confirm'],
    );
    assert.ok(executed);
    assert.equal(at(executed.body, 'payment.state'), 'TRADE_SUCCESS', executed.text);
    // The payment shows the agreement it was paid with; the SMS went to the card's phone.
    assert.deepEqual(agreementOf(executed.body), agreement);
    await latestCode(sandbox, id);
    // A wrong code is refused like a card payment's.
    const next = await create(client);
    await client.post(`/payments/payment/${next}/verify`, withAgreement(agreement));
    const wrong = await client.post(
      `/payments/payment/${next}/execute`,
      withAgreement(agreement, { verify_code: '000000' }),
    );
    assert.deepEqual(retCode(wrong), [402, '00200005']);
  });

  test('one user agreement per customer, one pay agreement per card', async () => {
    const first = agreementOf((await payByCard(sandbox, client, CARDS.debit, 'c-1')).executed.body);
    const sameCard = agreementOf(
      (await payByCard(sandbox, client, CARDS.debit, 'c-1')).executed.body,
    );
    assert.deepEqual(sameCard, first);
    const otherCard = agreementOf(
      (await payByCard(sandbox, client, OTHER_CARD, 'c-1')).executed.body,
    );
    assert.equal(otherCard.usr_busi_agreement_id, first.usr_busi_agreement_id);
    assert.notEqual(otherCard.usr_pay_agreement_id, first.usr_pay_agreement_id);
    const otherCustomer = agreementOf(
      (await payByCard(sandbox, client, CARDS.debit, 'c-2')).executed.body,
    );
    assert.notEqual(otherCustomer.usr_busi_agreement_id, first.usr_busi_agreement_id);
  });

  test('the agreement is read after the create: a credit card payment by agreement too', async () => {
    const body = cardPaymentBody({ method: 'CREDIT_CARD', bank: 'CMB' });
    const first = await payByCard(sandbox, client, CARDS.credit, 'c-credit', body);
    const agreement = agreementOf(first.executed.body);
    assert.equal(agreement.gate_id, 'CMB');
    const paid = await payByAgreement(
      sandbox,
      client,
      agreement,
      cardPaymentBody({ method: 'CREDIT_CARD', bank: 'CMB' }),
    );
    assert.equal(at(paid.executed?.body, 'payment.state'), 'TRADE_SUCCESS');
    // The agreement's card is a credit card on CMB: another card type or bank is refused.
    const debit = await payByAgreement(
      sandbox,
      client,
      agreement,
      cardPaymentBody({ bank: 'CMB' }),
    );
    assert.deepEqual(retCode(debit.verified), [400, '00060700']);
    assert.match(String(at(debit.verified.body, 'meta.ret_msg')), /CREDIT_CARD/);
    const otherBank = await payByAgreement(
      sandbox,
      client,
      agreement,
      cardPaymentBody({ method: 'CREDIT_CARD', bank: 'ICBC' }),
    );
    assert.match(String(at(otherBank.verified.body, 'meta.ret_msg')), /gate_id CMB/);
  });

  test('unknown, foreign and ended agreements are refused with UMF codes and change nothing', async () => {
    const mine = agreementOf((await payByCard(sandbox, client, CARDS.debit, 'c-1')).executed.body);
    const theirs = agreementOf((await payByCard(sandbox, client, OTHER_CARD, 'c-2')).executed.body);
    const cases: [string, Agreement, Body, [number, string]][] = [
      [
        'unknown user agreement',
        { ...mine, usr_busi_agreement_id: 'UB20260101000000000000000000000' },
        cardPaymentBody(),
        [402, '00060314'],
      ],
      [
        'unknown pay agreement',
        { ...mine, usr_pay_agreement_id: 'P20260101000000000000000000000' },
        cardPaymentBody(),
        [402, '00060310'],
      ],
      [
        "another customer's card",
        { ...mine, usr_pay_agreement_id: theirs.usr_pay_agreement_id },
        cardPaymentBody(),
        [402, '00060310'],
      ],
      [
        "another (sub-)merchant's agreement",
        mine,
        cardPaymentBody({ order: { sub_mer_id: 'other-shop' } }),
        [402, '00060314'],
      ],
    ];
    for (const [name, agreement, body, expected] of cases) {
      const { id, verified } = await payByAgreement(sandbox, client, agreement, body);
      assert.deepEqual(retCode(verified), expected, name);
      const queried = await client.get(`/payments/payment/${id}`);
      assert.equal(at(queried.body, 'payment.state'), 'WAIT_BUYER_PAY', name);
      assert.equal(agreementOf(queried.body), undefined, name);
      assert.deepEqual(await smsFor(sandbox, id), [], `${name}: no SMS`);
    }

    await sandbox.control.endAgreement(mine.usr_pay_agreement_id);
    const ended = await payByAgreement(sandbox, client, mine);
    assert.deepEqual(retCode(ended.verified), [402, '00060315']);
    assert.equal((await sandbox.control.agreements())[0].state, 'DELETED');
    // The same card paid by card again gets a new agreement; the ended one stays ended.
    const renewed = agreementOf(
      (await payByCard(sandbox, client, CARDS.debit, 'c-1')).executed.body,
    );
    assert.equal(renewed.usr_busi_agreement_id, mine.usr_busi_agreement_id);
    assert.notEqual(renewed.usr_pay_agreement_id, mine.usr_pay_agreement_id);
  });

  test('an agreement ended between verify and execute is refused at execute', async () => {
    const mine = agreementOf((await payByCard(sandbox, client, CARDS.debit, 'c-1')).executed.body);
    const id = await create(client);
    const verified = await client.post(`/payments/payment/${id}/verify`, withAgreement(mine));
    assert.equal(verified.status, 200, verified.text);
    const code = await latestCode(sandbox, id);
    await sandbox.control.endAgreement(mine.usr_pay_agreement_id);
    const executed = await client.post(
      `/payments/payment/${id}/execute`,
      withAgreement(mine, { verify_code: code }),
    );
    assert.deepEqual(retCode(executed), [402, '00060315']);
    const queried = await client.get(`/payments/payment/${id}`);
    assert.equal(at(queried.body, 'payment.state'), 'WAIT_BUYER_PAY');
  });

  test("another merchant's agreement (another UMF merchant) is unknown: 00060314", async () => {
    const other = await startSandbox({ executeDelayMs: 0 });
    try {
      const otherClient = umfClient(other);
      await otherClient.authorize();
      const theirs = agreementOf(
        (await payByCard(other, otherClient, CARDS.debit, 'c-1')).executed.body,
      );
      const { verified } = await payByAgreement(sandbox, client, theirs);
      assert.deepEqual(retCode(verified), [402, '00060314']);
    } finally {
      await other.close();
    }
  });

  test('test cards behave the same through an agreement', async () => {
    // The 0030 card holds 100.00 CNY: 10.00 USD (71.23 CNY) pays and saves it …
    const first = await payByCard(
      sandbox,
      client,
      LIMITED,
      'c-1',
      cardPaymentBody({ total: '10.00' }),
    );
    assert.equal(at(first.executed.body, 'payment.state'), 'TRADE_SUCCESS', first.executed.text);
    const agreement = agreementOf(first.executed.body);
    // … 20.00 USD (142.47 CNY) is declined for insufficient balance, by card and by agreement alike.
    const byCard = await payByCard(
      sandbox,
      client,
      LIMITED,
      'c-1',
      cardPaymentBody({ total: '20.00' }),
    );
    assert.deepEqual(retCode(byCard.executed), [402, '00060730']);
    const byAgreement = await payByAgreement(
      sandbox,
      client,
      agreement,
      cardPaymentBody({ total: '20.00' }),
    );
    assert.ok(byAgreement.executed);
    assert.deepEqual(retCode(byAgreement.executed), [402, '00060730']);
    assert.equal(at(byAgreement.executed.body, 'payment.state'), 'TRADE_FAIL');
    const small = await payByAgreement(
      sandbox,
      client,
      agreement,
      cardPaymentBody({ total: '10.00' }),
    );
    assert.equal(at(small.executed?.body, 'payment.state'), 'TRADE_SUCCESS');
  });

  test('a request with both the card and an agreement is refused, naming both', async () => {
    const mine = agreementOf((await payByCard(sandbox, client, CARDS.debit, 'c-1')).executed.body);
    const id = await create(client);
    const body = cardBody(client, CARDS.debit, {
      payer_agreement: {
        usr_busi_agreement_id: mine.usr_busi_agreement_id,
        usr_pay_agreement_id: mine.usr_pay_agreement_id,
      },
    });
    const verified = await client.post(`/payments/payment/${id}/verify`, body);
    assert.deepEqual(retCode(verified), [400, '00060700']);
    assert.match(
      String(at(verified.body, 'meta.ret_msg')),
      /bank_card or payer_info.payer_agreement/,
    );
    const half = await client.post(`/payments/payment/${id}/verify`, {
      payer: {
        payer_info: { payer_agreement: { usr_pay_agreement_id: mine.usr_pay_agreement_id } },
      },
    });
    assert.match(String(at(half.body, 'meta.ret_msg')), /usr_busi_agreement_id is required/);
  });
});

describe('payer agreements: notifications and delayed executes', () => {
  test('the notification of the success carries the agreement', async () => {
    const receiver = await startReceiver();
    const sandbox = await startSandbox({ executeDelayMs: 30, notifyRetryBaseMs: 20 });
    try {
      const client = umfClient(sandbox);
      await client.authorize();
      const { id, executed } = await payByCard(
        sandbox,
        client,
        CARDS.debit,
        'c-1',
        cardPaymentBody({ notifyUrl: receiver.url }),
      );
      assert.equal(at(executed.body, 'payment.state'), 'WAIT_BUYER_PAY');
      assert.equal(agreementOf(executed.body), undefined, 'no agreement before the success');
      await receiver.delivered();
      const notified = agreementOf(receiver.deliveries[0].body);
      assert.match(notified.usr_pay_agreement_id, /^P/);
      const queried = await client.get(`/payments/payment/${id}`);
      assert.deepEqual(agreementOf(queried.body), notified);
    } finally {
      await sandbox.close();
      await receiver.close();
    }
  });

  test('agreements survive a restart on the same data folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'umf-sandbox-agreements-'));
    const options: SandboxOptions = { dataDir: dir, executeDelayMs: 0 };
    try {
      const first = await startSandbox(options);
      const client = umfClient(first);
      await client.authorize();
      const agreement = agreementOf(
        (await payByCard(first, client, CARDS.debit, 'c-1')).executed.body,
      );
      await first.close();
      const second = await startSandbox(options);
      try {
        const again = umfClient(second);
        await again.authorize();
        const paid = await payByAgreement(second, again, agreement);
        assert.equal(at(paid.executed?.body, 'payment.state'), 'TRADE_SUCCESS');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('payer agreements in strict mode', () => {
  const running: Sandbox[] = [];
  afterEach(async () => {
    for (const sandbox of running.splice(0)) await sandbox.close();
  });

  /** A strict sandbox and a card payment through it that issued an agreement. */
  async function issued(
    options: SandboxOptions,
    member: 'bank_card' | 'bankCard',
    codePlace: 'bank-card' | 'payer-info' = 'bank-card',
  ) {
    const sandbox = await startSandbox({ executeDelayMs: 0, ...options });
    running.push(sandbox);
    const client = umfClient(sandbox);
    await client.authorize();
    const spelled =
      member === 'bankCard'
        ? (JSON.parse(
            JSON.stringify(cardPaymentBody()).replaceAll('"quantity"', '"item_quantity"'),
          ) as Body)
        : cardPaymentBody();
    const id = await create(client, spelled);
    const card = cardBody(client, CARDS.debit, {}, { member });
    const info = at(card, 'payer.payer_info') as Body;
    info[member] = { ...(info[member] as Body), mer_cust_id: 'c-1' };
    const verified = await client.post(`/payments/payment/${id}/verify`, card);
    assert.equal(verified.status, 200, verified.text);
    const code = await latestCode(sandbox, id);
    if (codePlace === 'bank-card') (info[member] as Body).verify_code = code;
    else info.verify_code = code;
    const executed = await client.post(`/payments/payment/${id}/execute`, card);
    assert.equal(at(executed.body, 'payment.state'), 'TRADE_SUCCESS', executed.text);
    return { sandbox, client, executed, spelled };
  }

  test('memberSpelling=sdk answers payer_agreement and reads only its usr_* members', async () => {
    const { client, executed } = await issued({ strict: { memberSpelling: 'sdk' } }, 'bank_card');
    const agreement = agreementOf(executed.body);
    assert.match(agreement.usr_pay_agreement_id, /^P/);
    assert.equal(at(executed.body, 'payment.payer.payer_info.payerAgreement'), undefined);
    const id = await create(client);
    const camel = await client.post(`/payments/payment/${id}/verify`, {
      payer: { payer_info: { payerAgreement: agreement } },
    });
    assert.deepEqual(retCode(camel), [400, '00060700']);
    assert.match(String(at(camel.body, 'meta.ret_msg')), /payerAgreement.*send payer_agreement/);
    const short = await client.post(`/payments/payment/${id}/verify`, {
      payer: {
        payer_info: {
          payer_agreement: {
            busi_agreement_id: agreement.usr_busi_agreement_id,
            agreement_id: agreement.usr_pay_agreement_id,
          },
        },
      },
    });
    assert.deepEqual(retCode(short), [400, '00060700']);
    assert.match(String(at(short.body, 'meta.ret_msg')), /agreement_id is not a member.*strict/);
  });

  test('memberSpelling=reference-examples answers and reads payerAgreement', async () => {
    const { client, executed, spelled } = await issued(
      { strict: { memberSpelling: 'reference-examples' } },
      'bankCard',
    );
    const agreement = agreementOf(executed.body, 'payerAgreement');
    assert.match(agreement.usr_busi_agreement_id, /^UB/);
    assert.equal(agreementOf(executed.body), undefined);
    const again = JSON.parse(JSON.stringify(spelled)) as Body;
    (again.order as Body).mer_reference_id = `R-${Date.now()}`;
    const id = await create(client, again);
    const snake = await client.post(`/payments/payment/${id}/verify`, withAgreement(agreement));
    assert.deepEqual(retCode(snake), [400, '00060700']);
    assert.match(String(at(snake.body, 'meta.ret_msg')), /payer_agreement.*send payerAgreement/);
    const ok = await client.post(
      `/payments/payment/${id}/verify`,
      withAgreement(agreement, {}, 'payerAgreement'),
    );
    assert.equal(ok.status, 200, ok.text);
  });

  test('verifyCode: the code inside payer_agreement (bank-card) or in payer_info (payer-info)', async () => {
    for (const [place, other] of [
      ['bank-card', 'payer-info'],
      ['payer-info', 'bank-card'],
    ] as const) {
      const { sandbox, client, executed } = await issued(
        { strict: { verifyCode: place } },
        'bank_card',
        place,
      );
      const agreement = agreementOf(executed.body);
      const body = (where: 'bank-card' | 'payer-info', code: string): Body => {
        if (where === 'bank-card') return withAgreement(agreement, { verify_code: code });
        const plain = withAgreement(agreement);
        (at(plain, 'payer.payer_info') as Body).verify_code = code;
        return plain;
      };
      const id = await create(client);
      await client.post(`/payments/payment/${id}/verify`, withAgreement(agreement));
      const code = await latestCode(sandbox, id);
      const wrongPlace = await client.post(`/payments/payment/${id}/execute`, body(other, code));
      assert.deepEqual(retCode(wrongPlace), [400, '00060700'], place);
      assert.match(String(at(wrongPlace.body, 'meta.ret_msg')), /strict verifyCode/);
      const right = await client.post(`/payments/payment/${id}/execute`, body(place, code));
      assert.equal(at(right.body, 'payment.state'), 'TRADE_SUCCESS', `${place}: ${right.text}`);
    }
  });
});
