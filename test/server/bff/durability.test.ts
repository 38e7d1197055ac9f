// Nothing leaves the BFF before the commits it may rest on are on disk (server/store/
// durability.ts): on SQLite, an answer, a UMF call and a stream event wait for the flush of the
// WAL file; a failed flush stops everything that would go out. The flushes here are the real
// fdatasync, each held until the test lets it run, or failed as a disk would fail it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fdatasyncFile, type SyncFile } from '../../../server/store/durability.ts';
import { CARDS, checkoutInput } from '../../support/fixtures.ts';
import { MERCHANT_HEADERS } from '../../support/graphql.ts';
import { waitFor } from '../../support/wait.ts';
import { createCheckout, customer, useBff } from './harness.ts';

/** Flushes that run at once, or are held until released, or fail. */
function flushControl() {
  const held: (() => void)[] = [];
  let holding = false;
  let failure: Error | undefined;
  let asked = 0;
  const syncFile: SyncFile = (fd) => {
    asked += 1;
    if (failure) return Promise.reject(failure);
    if (!holding) return fdatasyncFile(fd);
    return new Promise((resolve, reject) => {
      held.push(() => void fdatasyncFile(fd).then(resolve, reject));
    });
  };
  return {
    syncFile,
    hold() {
      holding = true;
    },
    /** Lets the held flushes run, and the later ones at once. */
    release() {
      holding = false;
      for (const run of held.splice(0)) run();
    },
    fail(error: Error) {
      failure = error;
    },
    get asked() {
      return asked;
    },
    get waiting() {
      return held.length;
    },
  };
}

/** Whether `promise` has settled after the event loop had `ms` to move. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setTimeout(resolve, ms));
  return settled;
}

// No reconciler round in the middle: every write here is the test's own.
const QUIET = { RECONCILE_INTERVAL_MS: '600000', REFUND_DUPLICATE_PAYMENTS: 'false' };

describe('a SQLite BFF answers and calls UMF only once its commits are on disk', () => {
  const flushes = flushControl();
  const bff = useBff(QUIET, { syncFile: flushes.syncFile });

  test('the merchant hears of a new checkout after its flush; a read that follows needs none', async () => {
    // The first one fetches the UMF token and the exchange rate (cached after): the second
    // calls nothing but the store.
    await createCheckout(bff.endpoint, '12.30');
    flushes.hold();
    const created = createCheckout(bff.endpoint, '12.30');
    await waitFor(() => flushes.waiting > 0, 5000);
    assert.equal(await settledWithin(created, 150), false, 'no answer while the flush is held');
    flushes.release();
    const { clientSecret } = await created;
    flushes.hold();
    const asked = flushes.asked;
    const shopper = customer(bff);
    assert.equal((await shopper.load(clientSecret)).status, 'OPEN', 'answered with the flush held');
    assert.equal(flushes.asked, asked, 'nothing new to flush');
    flushes.release();
  });

  test('UMF is asked to execute only once the claim of the execute is on disk', async () => {
    const shopper = customer(bff);
    const { clientSecret } = await createCheckout(bff.endpoint, '45.60');
    const sent = await shopper.sendSms(clientSecret, CARDS.debit);
    assert.equal(sent.__typename, 'SmsCodeSent');
    const attemptId = String(sent.attempt?.id);
    const code = await shopper.latestCode();
    const paymentId = (await bff.server.store.getAttempt({ attemptId }))?.umfPaymentId;
    assert.ok(paymentId);
    const executes = async () =>
      (await bff.control.requests()).filter(
        (r) => r.endpoint === 'execute' && r.path.includes(paymentId),
      ).length;

    // Held from just after the customer's read of the checkout, which confirm makes first.
    let reading = true;
    const confirmed = (async () => {
      const view = await shopper.load(clientSecret);
      assert.equal(view.status, 'SMS_SENT');
      flushes.hold();
      reading = false;
      return shopper.confirm(clientSecret, attemptId, CARDS.debit, code);
    })();
    await waitFor(() => !reading && flushes.waiting > 0, 5000);
    assert.equal(await settledWithin(confirmed, 150), false, 'no answer yet');
    assert.equal(await executes(), 0, 'UMF has not been asked to execute');
    assert.ok(bff.server.store.durable() !== undefined, 'a commit is waiting for its flush');
    flushes.release();
    const answer = await confirmed;
    assert.equal(answer.__typename, 'PaymentConfirmed', JSON.stringify(answer));
    assert.equal(await executes(), 1);
  });
});

describe('a SQLite BFF whose flush fails', () => {
  const flushes = flushControl();
  const bff = useBff(QUIET, { syncFile: flushes.syncFile });

  test('answers nothing it committed, asks UMF nothing, and stays stopped', async () => {
    const shopper = customer(bff);
    const { clientSecret } = await createCheckout(bff.endpoint, '7.80');
    const before = (await bff.control.requests()).length;
    flushes.fail(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    const created = await fetch(bff.endpoint, {
      method: 'POST',
      headers: MERCHANT_HEADERS,
      body: JSON.stringify({
        query: `mutation($input: CreateCheckoutInput!) { createCheckout(input: $input) { __typename } }`,
        variables: { input: checkoutInput('durability-1') },
      }),
    });
    assert.equal(created.status, 500, 'no answer the merchant could take for a created checkout');
    assert.deepEqual(await created.json(), { error: 'internal error' });
    await assert.rejects(shopper.sendSms(clientSecret, CARDS.debit));
    assert.equal((await bff.control.requests()).length, before, 'UMF was asked nothing');
    await assert.rejects(shopper.load(clientSecret), 'a read after the failure is refused too');
  });
});
