// Saved cards in the store (docs/umf-protocol.md §17): one per paid attempt, one live row per
// UMF pay agreement, deleted once, each change with its webhook — on every backend.
import assert from 'node:assert/strict';
import type { NewSavedCard } from '../../../../server/store/saved-card-ops.ts';
import type { Backend } from '../backends.ts';
import { type Ctx, storeTests } from './checkout-suite.ts';

function card(patch: Partial<NewSavedCard> = {}): NewSavedCard {
  return {
    customerId: 'alice',
    cardType: 'DEBIT_CARD',
    bankCode: 'ICBC',
    lastFour: '0000',
    umfBusiAgreementId: 'UB20261201120000000000000000001',
    umfPayAgreementId: 'P202612011200000000000000000001',
    sourceAttemptId: 'at_1',
    ...patch,
  };
}

export function savedCardSuite(backend: Backend): void {
  const { it } = storeTests(backend);
  const events = async (ctx: Ctx, type: string) =>
    (await ctx.store.listPendingWebhooks()).filter((event) => event.type === type);

  it('records the saved card of an attempt once, however often its answer comes', async (ctx) => {
    const results = await Promise.all([1, 2, 3].map(() => ctx.store.recordSavedCard(card())));
    assert.equal(results.filter((r) => r?.created).length, 1);
    assert.equal(new Set(results.map((r) => r?.card.id)).size, 1);
    assert.equal((await ctx.store.listSavedCards('alice')).length, 1);
    assert.equal((await events(ctx, 'saved_card.created')).length, 1);
  });

  it('a late answer after the delete does not bring the card back', async (ctx) => {
    const first = await ctx.store.recordSavedCard(card());
    await ctx.store.deleteSavedCard(first!.card.id);
    const late = await ctx.store.recordSavedCard(card());
    assert.equal(late?.created, false);
    assert.notEqual(late?.card.deletedAt, null);
    assert.deepEqual(await ctx.store.listSavedCards('alice'), []);
  });

  it('one live row per UMF pay agreement; after a delete the agreement may be saved anew', async (ctx) => {
    const first = await ctx.store.recordSavedCard(card());
    const again = await ctx.store.recordSavedCard(card({ sourceAttemptId: 'at_2' }));
    assert.equal(again?.created, false);
    assert.equal(again?.card.id, first?.card.id);
    await ctx.store.deleteSavedCard(first!.card.id);
    const anew = await ctx.store.recordSavedCard(card({ sourceAttemptId: 'at_3' }));
    assert.equal(anew?.created, true);
    assert.notEqual(anew?.card.id, first?.card.id);
  });

  it('deletes once: deleting again changes nothing and queues no second webhook', async (ctx) => {
    const { card: saved } = (await ctx.store.recordSavedCard(card()))!;
    const first = await ctx.store.deleteSavedCard(saved.id);
    const second = await ctx.store.deleteSavedCard(saved.id);
    assert.equal(first?.changed, true);
    assert.equal(second?.changed, false);
    assert.deepEqual(second?.card.deletedAt, first?.card.deletedAt);
    assert.equal(await ctx.store.deleteSavedCard('sc_none'), undefined);
    const deleted = await events(ctx, 'saved_card.deleted');
    assert.equal(deleted.length, 1);
    const payload = deleted[0].payload as { data: { savedCard: Record<string, unknown> } };
    assert.equal(payload.data.savedCard.id, saved.id);
    assert.equal(payload.data.savedCard.deletedAt, first?.card.deletedAt?.toISOString());
    assert.ok(!JSON.stringify(payload).includes(saved.umfPayAgreementId), 'no agreement id');
  });

  it("lists a customer's live cards only, newest first", async (ctx) => {
    await ctx.store.recordSavedCard(card());
    ctx.clock.advance(1000);
    await ctx.store.recordSavedCard(
      card({ sourceAttemptId: 'at_2', umfPayAgreementId: 'P2', lastFour: '1111' }),
    );
    await ctx.store.recordSavedCard(
      card({ customerId: 'bob', sourceAttemptId: 'at_3', umfPayAgreementId: 'P3' }),
    );
    const alice = await ctx.store.listSavedCards('alice');
    assert.deepEqual(
      alice.map((c) => c.lastFour),
      ['1111', '0000'],
    );
    assert.equal((await ctx.store.listSavedCards('bob')).length, 1);
    assert.deepEqual(await ctx.store.listSavedCards('carol'), []);
  });
}
