import { nowIso, type StoreContext } from './context.ts';
import { camelColumns } from './rows.ts';
import { findRow, mapRow, updateRow } from './table-rows.ts';
import type { IdempotencyKeyRow } from './tables.ts';

// The rows behind idempotency keys (checkout/idempotency.ts decides what they mean). A key is
// claimed by inserting its row: the primary key lets exactly one request, on any instance, win.

export type IdempotencyRecord = {
  keyHash: string;
  scope: string;
  /** SHA-256 of the request's input: the same key with other input is refused. */
  fingerprint: string;
  state: 'IN_PROGRESS' | 'DONE';
  /** The sealed first answer (DONE only). */
  response: string | null;
  createdAt: Date;
  expiresAt: Date;
};

export type IdempotencyClaim = {
  keyHash: string;
  scope: string;
  fingerprint: string;
  expiresAt: Date;
};

export type ClaimResult = { claimed: true } | { claimed: false; record: IdempotencyRecord };

/**
 * Claims a key for one execution; when another request holds it (running or done), answers its
 * record instead. A row past its expiry no longer counts: it is replaced.
 */
export async function claimIdempotencyKey(
  ctx: StoreContext,
  claim: IdempotencyClaim,
): Promise<ClaimResult> {
  for (let round = 0; round < 3; round += 1) {
    const now = nowIso(ctx);
    const inserted = await ctx.db
      .insertInto('idempotency_keys')
      .values({
        key_hash: claim.keyHash,
        scope: claim.scope,
        fingerprint: claim.fingerprint,
        state: 'IN_PROGRESS',
        response: null,
        created_at: now,
        completed_at: null,
        expires_at: claim.expiresAt.toISOString(),
      })
      .onConflict((oc) => oc.column('key_hash').doNothing())
      .executeTakeFirst();
    if (inserted.numInsertedOrUpdatedRows === 1n) return { claimed: true };
    const record = await getIdempotencyKey(ctx, claim.keyHash);
    if (record && record.expiresAt.getTime() > ctx.now().getTime())
      return { claimed: false, record };
    // Expired (or released between the insert and the read): clear it and claim again.
    await ctx.db
      .deleteFrom('idempotency_keys')
      .where('key_hash', '=', claim.keyHash)
      .where('expires_at', '<=', now)
      .execute();
  }
  throw new Error('idempotency key could not be claimed');
}

/** Stores the first answer of a claimed key; false when the claim was no longer held. */
export async function completeIdempotencyKey(
  ctx: StoreContext,
  keyHash: string,
  response: string,
): Promise<boolean> {
  const claimed = { key_hash: keyHash, state: 'IN_PROGRESS' } as const;
  const done = { state: 'DONE', response, completed_at: nowIso(ctx) } as const;
  return (await updateRow(ctx.db, 'idempotency_keys', claimed, done)) !== undefined;
}

/** Gives a claimed key back unanswered (the request changed nothing): it may be used again. */
export async function releaseIdempotencyKey(ctx: StoreContext, keyHash: string): Promise<void> {
  await ctx.db
    .deleteFrom('idempotency_keys')
    .where('key_hash', '=', keyHash)
    .where('state', '=', 'IN_PROGRESS')
    .execute();
}

export async function getIdempotencyKey(
  ctx: StoreContext,
  keyHash: string,
): Promise<IdempotencyRecord | undefined> {
  return mapRow(await findRow(ctx.db, 'idempotency_keys', { key_hash: keyHash }), toRecord);
}

/** Deletes every key past its expiry; returns how many. */
export async function sweepIdempotencyKeys(ctx: StoreContext): Promise<number> {
  const result = await ctx.db
    .deleteFrom('idempotency_keys')
    .where('expires_at', '<=', nowIso(ctx))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

function toRecord(row: IdempotencyKeyRow): IdempotencyRecord {
  return {
    ...camelColumns(row, ['key_hash', 'scope', 'fingerprint', 'state', 'response']),
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
  };
}
