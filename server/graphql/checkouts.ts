// The merchant's list of checkouts (a Relay connection) and the refund totals on a checkout.
import type { Checkout } from '../domain/types.ts';
import type { CheckoutPosition } from '../store/listing-ops.ts';
import { builder } from './builder.ts';
import { CheckoutRef, MoneyRef } from './checkout.ts';
import { argumentError, connectionOf, pageSize } from './connection.ts';
import { CheckoutStatusEnum } from './enums.ts';

const merchant = { authScopes: { merchant: true } } as const;

export const CHECKOUTS_DEFAULT_PAGE = 20;
export const CHECKOUTS_MAX_PAGE = 100;

builder.objectFields(CheckoutRef, (t) => ({
  refundedAmount: t.field({
    type: MoneyRef,
    ...merchant,
    description:
      "What was refunded of the order's counted payment: the sum of its SUCCEEDED refunds " +
      '(refunds of duplicate payments are not counted here; see `attempts`). Merchant key only.',
    resolve: (c, _args, context) => context.service.checkoutRefundTotals(c).then((t) => t.refunded),
  }),
  refundableAmount: t.field({
    type: MoneyRef,
    ...merchant,
    description:
      'What may still be refunded: the paid amount less SUCCEEDED refunds and less PENDING ' +
      'refunds (whose outcome is not known yet and may still take the money); 0.00 while ' +
      'unpaid. Merchant key only.',
    resolve: (c, _args, context) =>
      context.service.checkoutRefundTotals(c).then((t) => t.refundable),
  }),
}));

const CheckoutConnectionRef = connectionOf('Checkout', CheckoutRef, encodeCursor);

const CheckoutFilterInput = builder.inputType('CheckoutFilter', {
  description: 'Every field given must match (AND).',
  fields: (t) => ({
    status: t.field({ type: CheckoutStatusEnum, required: false }),
    orderId: t.string({ required: false, description: 'Your order id (exact).' }),
    createdAfter: t.field({
      type: 'DateTime',
      required: false,
      description: 'Created at or after this time.',
    }),
    createdBefore: t.field({
      type: 'DateTime',
      required: false,
      description: 'Created before this time.',
    }),
  }),
});

builder.queryFields((t) => ({
  checkouts: t.field({
    type: CheckoutConnectionRef,
    ...merchant,
    description:
      'Your checkouts, newest first (creation time, then id: a stable order, so pages never ' +
      `repeat or skip one). \`first\`: 1–${CHECKOUTS_MAX_PAGE}, default ${CHECKOUTS_DEFAULT_PAGE}. ` +
      '`after`: an `endCursor` (or edge `cursor`) of a previous page with the same filter. ' +
      'A bad `first` or `after` is an error naming the argument. Merchant key only.',
    args: {
      filter: t.arg({ type: CheckoutFilterInput, required: false }),
      first: t.arg.int({ required: false, defaultValue: CHECKOUTS_DEFAULT_PAGE }),
      after: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, context) => {
      const first = pageSize(args.first, CHECKOUTS_DEFAULT_PAGE, CHECKOUTS_MAX_PAGE);
      const after = args.after == null ? null : decodeCursor(args.after);
      const filter = args.filter ?? {};
      const { checkouts, hasNextPage } = await context.service.checkouts(
        {
          status: filter.status ?? null,
          orderId: filter.orderId ?? null,
          createdAfter: filter.createdAfter ?? null,
          createdBefore: filter.createdBefore ?? null,
        },
        first,
        after,
      );
      return { nodes: checkouts, hasNextPage };
    },
  }),
}));

function encodeCursor(checkout: Checkout): string {
  return Buffer.from(JSON.stringify([checkout.createdAt.toISOString(), checkout.id])).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): CheckoutPosition {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
      unknown,
      unknown,
    ];
    if (
      typeof createdAt === 'string' &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(createdAt) &&
      typeof id === 'string' &&
      /^co_[A-Za-z0-9_-]+$/.test(id)
    ) {
      return { createdAt, id };
    }
  } catch {
    // not ours: refused below
  }
  throw argumentError('after', 'after is not a cursor of this list');
}
