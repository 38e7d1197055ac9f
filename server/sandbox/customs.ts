// Customs declarations (docs/umf-protocol.md §5.9–10): recorded against a successful payment and
// returned as customs_declarations[].
import { formatChinaTime } from './clock.ts';
import { link, type SandboxContext } from './context.ts';
import { invalidParameter, notFound, refused } from './errors.ts';
import { type ApiRequest, type ApiResult, json } from './handler.ts';
import { asRecord } from './http.ts';
import { newId } from './ids.ts';
import { findPayment } from './payments.ts';
import type { CustomsRecord } from './state.ts';

function customsView(ctx: SandboxContext, record: CustomsRecord): Record<string, unknown> {
  return {
    id: record.id,
    ...record.declaration,
    payment_id: record.paymentId,
    state: record.state,
    create_time: formatChinaTime(record.createdAt),
    links: [link(ctx, 'self', 'GET', `/payments/customs_declarations/${record.id}`)],
  };
}

export function applyToCustoms(ctx: SandboxContext, request: ApiRequest): ApiResult {
  const payment = findPayment(ctx, request.params[0]);
  const declaration = asRecord(request.body.customs_declaration);
  if (!declaration) throw invalidParameter('customs_declaration is required');
  if (payment.state !== 'TRADE_SUCCESS')
    throw refused('00202012', `customs declaration refused: payment is ${payment.state}`);
  const record: CustomsRecord = {
    id: newId('CUSTOMS_'),
    paymentId: payment.id,
    declaration,
    state: 'SUCCESS',
    createdAt: ctx.clock.now(),
  };
  ctx.state.customs.set(record.id, record);
  return json({ customs_declarations: [customsView(ctx, record)] });
}

/** By declaration id, or by payment id (all declarations of that payment). */
export function getCustoms(ctx: SandboxContext, request: ApiRequest): ApiResult {
  const id = request.params[0];
  const found = ctx.state.customs.get(id);
  const records = found
    ? [found]
    : [...ctx.state.customs.values()].filter((record) => record.paymentId === id);
  if (records.length === 0) throw notFound('00060760', `customs declaration ${id} does not exist`);
  return json({ customs_declarations: records.map((record) => customsView(ctx, record)) });
}
