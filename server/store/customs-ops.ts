import { type CustomsStatus, canCustomsTransition, isCustomsFinal } from '../domain/customs.ts';
import { newId } from '../domain/ids.ts';
import { type AttemptStatus, isAttemptPaid } from '../domain/state.ts';
import type { CustomsDeclaration, Refused } from '../domain/types.ts';
import { changeLocked, enqueueEvent, lockCheckout, refused } from './checkout-tx.ts';
import { inTransaction, nowIso, type StoreContext } from './context.ts';
import { camelColumns } from './rows.ts';
import { findRow, listRows, lockRow, mapRow, updateLockedRow } from './table-rows.ts';
import { COLUMNS, type CustomsDeclarationRow } from './tables.ts';

export type NewCustomsDeclaration = {
  checkoutId: string;
  subOrderId: string;
  /** Builds the customs_declaration member from the declaration's id (sent once, kept). */
  request: (id: string) => Record<string, unknown>;
};

export type CustomsChange = { ok: true; declaration: CustomsDeclaration; changed: boolean };

/**
 * Records a declaration of the checkout's counted payment as UNKNOWN, before it is sent: should
 * the answer (or this process) be lost, UMF's word is asked for, never assumed. Refused while
 * the sub-order has a declaration that did not fail (ALREADY_DECLARED).
 */
export async function createCustomsDeclaration(
  ctx: StoreContext,
  input: NewCustomsDeclaration,
): Promise<CustomsChange | Refused> {
  return changeLocked(ctx, lockCheckout, input.checkoutId, async (trx, row) => {
    if (row.paid_attempt_id === null) return refused('NOT_PAID', row);
    const attempt = await findRow(trx, 'attempts', { id: row.paid_attempt_id });
    if (!attempt || !isAttemptPaid(attempt.status as AttemptStatus)) {
      return refused('NOT_PAID', row);
    }
    const open = await trx
      .selectFrom('customs_declarations')
      .select('id')
      .where('checkout_id', '=', row.id)
      .where('sub_order_id', '=', input.subOrderId)
      .where('status', '!=', 'FAILED')
      .executeTakeFirst();
    if (open) return refused('ALREADY_DECLARED', row);
    const id = newId('cd', ctx.random);
    const now = nowIso(ctx);
    const created = await trx
      .insertInto('customs_declarations')
      .values({
        id,
        checkout_id: row.id,
        attempt_id: attempt.id,
        sub_order_id: input.subOrderId,
        request_json: JSON.stringify(input.request(id)),
        status: 'UNKNOWN',
        umf_declaration_id: null,
        umf_state: null,
        result_code: null,
        created_at: now,
        updated_at: now,
      })
      .returning(COLUMNS.customs_declarations)
      .executeTakeFirstOrThrow();
    return { ok: true, declaration: toCustomsDeclaration(created), changed: true };
  });
}

export type CustomsResultInput = {
  status: CustomsStatus;
  umfDeclarationId?: string | null;
  umfState?: string | null;
  resultCode?: string | null;
};

/**
 * Applies UMF's word on a declaration: monotonic (a final state never moves), idempotent. A
 * declaration reaching a final state queues `customs_declaration.succeeded` or `.failed` in the
 * same transaction.
 */
export async function applyCustomsResult(
  ctx: StoreContext,
  id: string,
  result: CustomsResultInput,
): Promise<CustomsChange | Refused> {
  return inTransaction(ctx, async (trx) => {
    const row = await lockRow(trx, ctx, 'customs_declarations', { id });
    if (!row) return refused('NOT_FOUND');
    const umfId = row.umf_declaration_id ?? result.umfDeclarationId ?? null;
    const moves = canCustomsTransition(row.status as CustomsStatus, result.status);
    if (!moves && umfId === row.umf_declaration_id) {
      return { ok: true, declaration: toCustomsDeclaration(row), changed: false };
    }
    const updated = await updateLockedRow(
      trx,
      'customs_declarations',
      { id: row.id },
      {
        umf_declaration_id: umfId,
        ...(moves
          ? {
              status: result.status,
              umf_state: result.umfState ?? row.umf_state,
              result_code: result.resultCode ?? row.result_code,
            }
          : {}),
        updated_at: nowIso(ctx),
      },
    );
    const declaration = toCustomsDeclaration(updated);
    if (moves && isCustomsFinal(declaration.status)) {
      await enqueueEvent(trx, ctx, `customs_declaration.${declaration.status.toLowerCase()}`, {
        customsDeclaration: declaration,
      });
    }
    return { ok: true, declaration, changed: moves };
  });
}

export async function getCustomsDeclaration(
  ctx: StoreContext,
  ref: { id: string } | { umfDeclarationId: string },
): Promise<CustomsDeclaration | undefined> {
  const match = 'id' in ref ? { id: ref.id } : { umf_declaration_id: ref.umfDeclarationId };
  return mapRow(await findRow(ctx.db, 'customs_declarations', match), toCustomsDeclaration);
}

/** A checkout's declarations, oldest first. */
export async function listCustomsDeclarations(
  ctx: StoreContext,
  checkoutId: string,
): Promise<CustomsDeclaration[]> {
  const match = { checkout_id: checkoutId };
  const rows = await listRows(ctx.db, 'customs_declarations', match, ['created_at', 'id']);
  return rows.map(toCustomsDeclaration);
}

function toCustomsDeclaration(row: CustomsDeclarationRow): CustomsDeclaration {
  return {
    ...camelColumns(row, ['id', 'checkout_id', 'attempt_id', 'sub_order_id']),
    request: JSON.parse(row.request_json) as Record<string, unknown>,
    status: row.status as CustomsStatus,
    ...camelColumns(row, ['umf_declaration_id', 'umf_state', 'result_code']),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
