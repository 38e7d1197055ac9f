// Saved cards through UMF's payer agreements (docs/umf-protocol.md §17), through the whole BFF
// over the real sandbox: remembering a card, paying with only the SMS code, removing it, the
// merchant's operations and webhooks, and the scope — a customer never sees or uses another's.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import { CARDS } from '../../support/fixtures.ts';
import {
  type Answer,
  createCheckout,
  customer,
  encryptCard,
  freePort,
  merchant,
  PHONE,
  startBff,
  widget,
} from './harness.ts';

type Bff = Awaited<ReturnType<typeof startBff>>;
type Json = Record<string, unknown>;
type Card = { id: string; cardType: string; bankCode: string; lastFour: string };
type Hook = { id: string; type: string; data: Json };

const WEBHOOK_SECRET = 'whsec_saved_cards_0123456789abcdef0123';
let bff: Bff;
const hooks: Hook[] = [];
let receiver: Server;
let client: ReturnType<typeof customer>;
let customers = 0;

before(async () => {
  const port = await freePort();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      hooks.push(JSON.parse(body) as Hook);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
  bff = await startBff(
    {
      MERCHANT_WEBHOOK_URL: `http://127.0.0.1:${port}/hooks`,
      MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    },
    // Execute answers final: the card is saved from execute's answer, then the notification.
    { sandbox: { executeDelayMs: 0 } },
  );
  client = customer(bff);
});
after(async () => {
  await bff.close();
  await new Promise((resolve) => receiver.close(resolve));
});

/** Retries an assertion until it holds (webhooks and notifications arrive on their own). */
async function until(check: () => unknown, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** A fresh customer id per test: tests share one BFF. */
function newCustomer(): string {
  customers += 1;
  return `cust-${process.pid}-${customers}`;
}

async function checkoutFor(customerId: string | null, saveCard?: string, amount = '10.00') {
  return createCheckout(bff.endpoint, amount, undefined, {
    ...(customerId ? { customerId } : {}),
    ...(saveCard ? { saveCard } : {}),
  });
}

async function savedCardsOf(clientSecret: string): Promise<Card[]> {
  const view = (await client.load(clientSecret)) as unknown as { savedCards: Card[] };
  return view.savedCards;
}

/** Pays a checkout with a card typed in, ticking "remember this card" or not. */
async function payByCard(clientSecret: string, saveCard: boolean, number: string = CARDS.debit) {
  const { encryptionKey } = await client.load(clientSecret);
  const data = await widget(bff.endpoint, 'SendSmsCode', {
    input: {
      clientSecret,
      method: 'DEBIT_CARD',
      bankCode: 'ICBC',
      phone: PHONE,
      card: encryptCard(encryptionKey, number),
      ...(saveCard ? { saveCard: true } : {}),
    },
  });
  const sent = data.sendSmsCode as Answer;
  assert.equal(sent.__typename, 'SmsCodeSent', JSON.stringify(sent));
  const confirmed = await client.confirm(
    clientSecret,
    sent.attempt!.id,
    number,
    await client.latestCode(),
  );
  return confirmed;
}

async function sendSaved(clientSecret: string, savedCardId: string) {
  const data = await widget(bff.endpoint, 'SendSavedCardSmsCode', {
    input: { clientSecret, savedCardId },
  });
  return data.sendSavedCardSmsCode as Answer;
}

async function confirmSaved(clientSecret: string, attemptId: string, smsCode: string) {
  const data = await widget(bff.endpoint, 'ConfirmSavedCardPayment', {
    input: { clientSecret, attemptId, smsCode },
  });
  return data.confirmSavedCardPayment as Answer;
}

async function removeSaved(clientSecret: string, savedCardId: string) {
  const data = await widget(bff.endpoint, 'RemoveSavedCard', {
    input: { clientSecret, savedCardId },
  });
  return data.removeSavedCard as Answer;
}

const MERCHANT_CARDS = `query Cards($customerId: String!) {
  savedCards(customerId: $customerId) {
    __typename
    ... on QuerySavedCardsSuccess { data { id customerId cardType bankCode lastFour deletedAt } }
    ... on CheckoutError { code field }
  }
}`;

async function merchantCards(customerId: string) {
  const result = await merchant(bff.endpoint, MERCHANT_CARDS, { customerId });
  return result.data?.savedCards as Json & { data?: (Card & Json)[]; code?: string };
}

async function deleteCard(id: string, idempotencyKey?: string) {
  const result = await merchant(
    bff.endpoint,
    `mutation Delete($id: ID!, $key: String) {
      deleteSavedCard(id: $id, idempotencyKey: $key) {
        __typename
        ... on SavedCard { id deletedAt }
        ... on CheckoutError { code field }
      }
    }`,
    { id, key: idempotencyKey ?? null },
  );
  return result.data?.deleteSavedCard as Json;
}

/** Pays this checkout with "remember this card"; the saved cards of the customer's next one. */
async function rememberedThenNext(clientSecret: string, customerId: string): Promise<Card[]> {
  const paid = await payByCard(clientSecret, true);
  assert.equal(paid.checkout?.status, 'SUCCEEDED', JSON.stringify(paid));
  const next = await checkoutFor(customerId);
  return savedCardsOf(next.clientSecret);
}

/** A customer who paid once with "remember this card": their saved card. */
async function customerWithCard(): Promise<{ customerId: string; card: Card }> {
  const customerId = newCustomer();
  const first = await checkoutFor(customerId, 'ASK');
  const [card] = await rememberedThenNext(first.clientSecret, customerId);
  assert.ok(card, 'the card is saved');
  return { customerId, card };
}

test('a card paid with "remember this card" is offered to the next checkout of that customer', async () => {
  const customerId = newCustomer();
  const first = await checkoutFor(customerId, 'ASK');
  assert.deepEqual(await savedCardsOf(first.clientSecret), []);
  const cards = await rememberedThenNext(first.clientSecret, customerId);
  assert.equal(cards.length, 1);
  assert.equal(cards[0].lastFour, CARDS.debit.slice(-4));
  assert.equal(cards[0].bankCode, 'ICBC');
  assert.equal(cards[0].cardType, 'DEBIT_CARD');
  // What the card is known by: the bank and last four digits UMF showed, nothing else.
  assert.deepEqual(Object.keys(cards[0]).sort(), [
    'bankCode',
    'bankName',
    'bankNameZh',
    'cardType',
    'id',
    'lastFour',
  ]);
  const agreements = (await bff.control.agreements()).filter((a) => a.merCustId === customerId);
  assert.equal(agreements.length, 1);
  assert.equal(agreements[0].state, 'ACTIVE');
});

test('an unticked box, NEVER, or no customer saves nothing and asks UMF for nothing', async () => {
  for (const [customerId, policy, tick] of [
    [newCustomer(), 'ASK', false],
    [newCustomer(), 'NEVER', true],
    [null, undefined, true],
  ] as const) {
    const checkout = await checkoutFor(customerId, policy);
    const paid = await payByCard(checkout.clientSecret, tick);
    assert.equal(paid.checkout?.status, 'SUCCEEDED');
    if (customerId) {
      const next = await checkoutFor(customerId);
      assert.deepEqual(await savedCardsOf(next.clientSecret), [], `${policy} ${tick}`);
      const agreements = await bff.control.agreements();
      assert.ok(!agreements.some((a) => a.merCustId === customerId), 'no agreement at UMF');
    }
  }
});

test('ALWAYS saves the card without the box', async () => {
  const customerId = newCustomer();
  const checkout = await checkoutFor(customerId, 'ALWAYS');
  assert.equal(((await client.load(checkout.clientSecret)) as unknown as Json).saveCard, 'ALWAYS');
  await payByCard(checkout.clientSecret, false);
  const next = await checkoutFor(customerId);
  assert.equal((await savedCardsOf(next.clientSecret)).length, 1);
});

test('a saved card pays with only the SMS code', async () => {
  const { customerId, card } = await customerWithCard();
  const checkout = await checkoutFor(customerId);
  const sent = await sendSaved(checkout.clientSecret, card.id);
  assert.equal(sent.__typename, 'SmsCodeSent', JSON.stringify(sent));
  const wrong = await confirmSaved(checkout.clientSecret, sent.attempt!.id, '000000');
  assert.equal(wrong.code, 'INVALID_SMS_CODE');
  const paid = await confirmSaved(
    checkout.clientSecret,
    sent.attempt!.id,
    await client.latestCode(),
  );
  assert.equal(paid.__typename, 'PaymentConfirmed', JSON.stringify(paid));
  assert.equal(paid.checkout?.status, 'SUCCEEDED');
  // Confirming again answers the result; nothing is executed twice.
  const again = await confirmSaved(checkout.clientSecret, sent.attempt!.id, '123456');
  assert.equal(again.checkout?.status, 'SUCCEEDED');
  const agreement = (await bff.control.agreements()).find((a) => a.merCustId === customerId);
  assert.equal(agreement?.state, 'ACTIVE');
});

test('the saved 0030 card is declined by agreement as by card when its balance is short', async () => {
  const customerId = newCustomer();
  const first = await checkoutFor(customerId, 'ASK', '10.00');
  const paid = await payByCard(first.clientSecret, true, '6222020000010030');
  assert.equal(paid.checkout?.status, 'SUCCEEDED');
  const checkout = await checkoutFor(customerId, undefined, '20.00');
  const [card] = await savedCardsOf(checkout.clientSecret);
  const sent = await sendSaved(checkout.clientSecret, card.id);
  const declined = await confirmSaved(
    checkout.clientSecret,
    sent.attempt!.id,
    await client.latestCode(),
  );
  assert.equal(declined.code, 'INSUFFICIENT_FUNDS');
  // The card stays saved: a short balance says nothing against the agreement.
  const next = await checkoutFor(customerId);
  assert.equal((await savedCardsOf(next.clientSecret)).length, 1);
});

test("a customer can neither see nor use nor remove another customer's saved card", async () => {
  const { customerId, card } = await customerWithCard();
  const bob = await checkoutFor(newCustomer());
  const nobody = await checkoutFor(null);
  for (const other of [bob, nobody]) {
    assert.deepEqual(await savedCardsOf(other.clientSecret), []);
    const sent = await sendSaved(other.clientSecret, card.id);
    assert.equal(sent.code, 'VALIDATION');
    assert.equal(sent.field, 'savedCard');
    const removed = await removeSaved(other.clientSecret, card.id);
    assert.equal(removed.code, 'VALIDATION');
  }
  // Forged ids are the same "not available" for the owner too.
  const own = await checkoutFor(customerId);
  for (const forged of ['sc_forged', `${card.id}x`, '']) {
    const sent = await sendSaved(own.clientSecret, forged);
    assert.equal(sent.field, 'savedCard', forged);
  }
  // An attempt of the owner's checkout cannot be confirmed with another checkout's secret.
  const sent = await sendSaved(own.clientSecret, card.id);
  const stolen = await confirmSaved(bob.clientSecret, sent.attempt!.id, await client.latestCode());
  assert.equal(stolen.code, 'ATTEMPT_NOT_CURRENT');
  assert.equal((await savedCardsOf(own.clientSecret)).length, 1, 'still there for its owner');
});

test('the customer removes a saved card: it is gone, and its agreement is never sent again', async () => {
  const { customerId, card } = await customerWithCard();
  const checkout = await checkoutFor(customerId);
  const sent = await sendSaved(checkout.clientSecret, card.id);
  const removed = await removeSaved(checkout.clientSecret, card.id);
  assert.equal(removed.__typename, 'SavedCard');
  assert.deepEqual(await savedCardsOf(checkout.clientSecret), []);
  const late = await confirmSaved(
    checkout.clientSecret,
    sent.attempt!.id,
    await client.latestCode(),
  );
  assert.equal(late.field, 'savedCard');
  const again = await sendSaved(checkout.clientSecret, card.id);
  assert.equal(again.field, 'savedCard');
  assert.equal((await merchantCards(customerId)).data?.length, 0);
});

test('the merchant lists and deletes saved cards, idempotently, with one webhook each', async () => {
  const { customerId, card } = await customerWithCard();
  const listed = await merchantCards(customerId);
  assert.equal(listed.data?.length, 1);
  assert.equal(listed.data?.[0].customerId, customerId);
  const key = `delete-${customerId}-0123456789`;
  const first = await deleteCard(card.id, key);
  const repeat = await deleteCard(card.id, key);
  assert.equal(first.__typename, 'SavedCard');
  assert.deepEqual(repeat, first);
  const plain = await deleteCard(card.id);
  assert.equal(plain.deletedAt, first.deletedAt, 'deleting again changes nothing');
  assert.equal((await merchantCards(customerId)).data?.length, 0);
  assert.equal((await deleteCard('sc_unknown')).field, 'savedCard');
  assert.equal((await merchantCards('not valid!')).code, 'VALIDATION');

  await until(() => {
    const mine = hooks.filter((h) => (h.data?.savedCard as Json | undefined)?.id === card.id);
    assert.deepEqual(
      mine.map((h) => h.type),
      ['saved_card.created', 'saved_card.deleted'],
    );
  });
  const created = hooks.find(
    (h) => h.type === 'saved_card.created' && (h.data.savedCard as Json).id === card.id,
  )!;
  const data = created.data.savedCard as Json;
  assert.equal(data.customerId, customerId);
  assert.ok(!JSON.stringify(created).includes('agreement'), 'no agreement ids');
  assert.equal(data.lastFour, card.lastFour);
});

test('the saved card is created once though execute, query and notification all carry it', async () => {
  const customerId = newCustomer();
  const checkout = await checkoutFor(customerId, 'ASK');
  await payByCard(checkout.clientSecret, true);
  // The notification arrives after execute's answer; reads query UMF again.
  for (let i = 0; i < 3; i++) await client.load(checkout.clientSecret);
  const read = await merchant(
    bff.endpoint,
    'query C($id: ID!) { checkoutById(id: $id) { attempts { umfPaymentId } } }',
    { id: checkout.id },
  );
  const [{ umfPaymentId }] = (read.data!.checkoutById as { attempts: { umfPaymentId: string }[] })
    .attempts;
  await until(async () => {
    const { notifications } = await bff.control.ledger();
    assert.ok(notifications.some((d) => d.objectId === umfPaymentId && d.acknowledged));
  });
  const listed = await merchantCards(customerId);
  assert.equal(listed.data?.length, 1);
  await until(() => {
    const created = hooks.filter(
      (h) =>
        h.type === 'saved_card.created' && (h.data.savedCard as Json).customerId === customerId,
    );
    assert.equal(created.length, 1);
  });
});

test('an agreement UMF no longer honours is refused and forgotten', async () => {
  const { customerId, card } = await customerWithCard();
  const agreement = (await bff.control.agreements()).find((a) => a.merCustId === customerId)!;
  await bff.control.endAgreement(agreement.usrPayAgreementId);
  const checkout = await checkoutFor(customerId);
  const sent = await sendSaved(checkout.clientSecret, card.id);
  assert.equal(sent.code, 'PAYMENT_FAILED');
  assert.equal(sent.umfCode, '00060315');
  assert.deepEqual(await savedCardsOf(checkout.clientSecret), []);
  // The card again, remembered: a new agreement, a new saved card.
  const cards = await rememberedThenNext(checkout.clientSecret, customerId);
  assert.equal(cards.length, 1);
  assert.notEqual(cards[0].id, card.id);
});

test('createCheckout refuses a bad customerId, and saveCard without one', async () => {
  for (const extra of [
    { customerId: 'has space' },
    { customerId: 'x'.repeat(33) },
    { saveCard: 'ASK' },
    { saveCard: 'ALWAYS' },
  ]) {
    await assert.rejects(
      createCheckout(bff.endpoint, '10.00', undefined, extra),
      /"field":"customerId"/,
      JSON.stringify(extra),
    );
  }
});
