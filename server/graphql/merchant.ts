// The merchant's operations (API key): checkouts, refunds, rates and UMF's reports.
import type { Checkout, Refund } from '../domain/types.ts';
import { builder, nodeById } from './builder.ts';
import { CheckoutRef, MoneyRef, PaymentAttemptRef } from './checkout.ts';
import { CurrencyEnum, PaymentMethodEnum, RefundStatusEnum, SaveCardPolicyEnum } from './enums.ts';
import { errorResult } from './errors.ts';
import { IDEMPOTENCY_KEY_DESCRIPTION, idempotent } from './idempotency.ts';

const merchant = { authScopes: { merchant: true } } as const;
const idempotencyKey = { required: false, description: IDEMPOTENCY_KEY_DESCRIPTION } as const;

export const RefundRef = builder.objectRef<Refund>('Refund').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    checkoutId: t.exposeID('checkoutId'),
    status: t.field({ type: RefundStatusEnum, resolve: (r) => r.status }),
    amount: t.field({
      type: MoneyRef,
      resolve: (r) => ({ amount: r.amount, currency: r.currency }),
    }),
    umfRefundId: t.exposeString('umfRefundId', { nullable: true }),
    attemptId: t.exposeID('attemptId', { description: 'The paid attempt it refunds.' }),
    duplicate: t.boolean({
      description:
        "A refund of a duplicate payment (an attempt the checkout does not count), not of the order's payment.",
      resolve: async (r, _args, context) =>
        (await context.service.checkoutById(r.checkoutId))?.paidAttemptId !== r.attemptId,
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (r) => r.createdAt }),
  }),
});

builder.objectFields(CheckoutRef, (t) => ({
  refunds: t.field({
    type: [RefundRef],
    ...merchant,
    description: 'Merchant key only.',
    resolve: (c, _args, context) => context.service.refunds(c.id),
  }),
  attempts: t.field({
    type: [PaymentAttemptRef],
    ...merchant,
    description:
      'Every attempt, oldest first, with its UMF payment, state and refunds. Merchant key only.',
    resolve: (c, _args, context) => context.service.attempts(c),
  }),
}));

// What only the merchant may read about an attempt (the widget sees the fields above).
builder.objectFields(PaymentAttemptRef, (t) => ({
  umfPaymentId: t.exposeString('umfPaymentId', { nullable: true, ...merchant }),
  amount: t.field({
    type: MoneyRef,
    ...merchant,
    description: 'What this attempt asks (and, once paid, took): the checkout amount.',
    resolve: async (a, _args, context) => {
      const checkout = await context.service.checkoutById(a.checkoutId);
      return { amount: checkout!.amount, currency: checkout!.currency };
    },
  }),
  counted: t.boolean({
    ...merchant,
    description: "True for the checkout's one counted payment.",
    resolve: async (a, _args, context) =>
      (await context.service.checkoutById(a.checkoutId))?.paidAttemptId === a.id,
  }),
  supersededAt: t.field({
    type: 'DateTime',
    nullable: true,
    ...merchant,
    description: 'When a newer attempt (or another counted payment) replaced it.',
    resolve: (a) => a.supersededAt,
  }),
  refunds: t.field({
    type: [RefundRef],
    ...merchant,
    resolve: (a, _args, context) => context.service.attemptRefunds(a),
  }),
  refundedAmount: t.field({
    type: MoneyRef,
    ...merchant,
    description: 'Refunds of this attempt that succeeded.',
    resolve: (a, _args, context) => context.service.attemptBalance(a).then((b) => b.refunded),
  }),
  refundableAmount: t.field({
    type: MoneyRef,
    ...merchant,
    description: 'What is left to refund: paid, less pending and succeeded refunds.',
    resolve: (a, _args, context) => context.service.attemptBalance(a).then((b) => b.refundable),
  }),
  createdAt: t.field({ type: 'DateTime', ...merchant, resolve: (a) => a.createdAt }),
  updatedAt: t.field({ type: 'DateTime', ...merchant, resolve: (a) => a.updatedAt }),
}));

const ItemInput = builder.inputType('OrderItemInput', {
  fields: (t) => ({
    id: t.string(),
    type: t.string({ description: 'CLOTHING, FOOD, ELECTRONICS or OTHER.' }),
    name: t.string(),
    description: t.string({ required: false }),
    quantity: t.int(),
    amount: t.field({ type: 'Decimal' }),
  }),
});

const SubOrderInput = builder.inputType('SubOrderInput', {
  description: 'One kind of goods; the sub-order amounts add up to the checkout amount.',
  fields: (t) => ({
    id: t.string(),
    amount: t.field({ type: 'Decimal' }),
    description: t.string(),
    transCode: t.string({ description: "UMF's transaction code, e.g. 01122030." }),
    isCustoms: t.boolean({ required: false }),
    invoiceId: t.string({ required: false }),
    items: t.field({ type: [ItemInput] }),
  }),
});

const RiskInfoInput = builder.inputType('RiskInfoInput', {
  fields: (t) => ({
    transType: t.string({ description: '01 deposit, 02 purchase.' }),
    goodsType: t.string({ description: '0 virtual, 1 physical, 2 air ticket, 3 electronics.' }),
    realName: t.boolean({ required: false }),
    receiverName: t.string({ required: false }),
    receiverPhone: t.string({ required: false }),
    receiverAddress: t.string({ required: false }),
    userId: t.string({ required: false }),
  }),
});

const CreateCheckoutInput = builder.inputType('CreateCheckoutInput', {
  fields: (t) => ({
    orderId: t.string({ description: 'Your order id: one checkout per order, ever.' }),
    amount: t.field({ type: 'Decimal' }),
    currency: t.field({ type: CurrencyEnum }),
    description: t.string(),
    subOrders: t.field({ type: [SubOrderInput] }),
    riskInfo: t.field({ type: RiskInfoInput }),
    methods: t.field({ type: [PaymentMethodEnum], required: false }),
    expiresInMinutes: t.int({ required: false, description: '5–1440; default 60.' }),
    customerIp: t.string({ required: false }),
    customerId: t.string({
      required: false,
      description:
        "Your own id of the customer (1–32 letters, digits, _ . @ -): the widget shows this customer's saved cards.",
    }),
    saveCard: t.field({
      type: SaveCardPolicyEnum,
      required: false,
      description: 'Default ASK with a customerId, NEVER without.',
    }),
    idempotencyKey: t.string(idempotencyKey),
  }),
});

const RefundPaymentInput = builder.inputType('RefundPaymentInput', {
  fields: (t) => ({
    checkoutId: t.id(),
    amount: t.field({
      type: 'Decimal',
      description: 'Partial refunds may repeat up to the paid amount.',
    }),
    reason: t.string({ required: false }),
    attemptId: t.id({
      required: false,
      description: 'Any paid attempt of the checkout (e.g. a duplicate); default: the counted one.',
    }),
    idempotencyKey: t.string(idempotencyKey),
  }),
});

const CheckoutCreatedRef = builder
  .objectRef<{ checkout: Checkout; clientSecret: string }>('CheckoutCreated')
  .implement({
    fields: (t) => ({
      checkout: t.field({ type: CheckoutRef, resolve: (r) => r.checkout }),
      clientSecret: t.exposeString('clientSecret', {
        description: 'Give it to the widget; it unlocks this checkout only. Shown once.',
      }),
    }),
  });

const ExchangeRateRef = builder
  .objectRef<{ currency: string; rate: string }>('ExchangeRate')
  .implement({
    fields: (t) => ({
      currency: t.field({ type: CurrencyEnum, resolve: (r) => r.currency as 'USD' }),
      rate: t.exposeString('rate', { description: 'CNY per unit.' }),
    }),
  });

function riskInfo(input: {
  transType: string;
  goodsType: string;
  realName?: boolean | null;
  receiverName?: string | null;
  receiverPhone?: string | null;
  receiverAddress?: string | null;
  userId?: string | null;
}): Record<string, string> {
  const info: Record<string, string> = {
    trans_type: input.transType,
    goods_type: input.goodsType,
    real_name: input.realName === false ? '0' : '1',
  };
  if (input.receiverName) info.receiver_name = input.receiverName;
  if (input.receiverPhone) info.receiver_moblie_id = input.receiverPhone;
  if (input.receiverAddress) info.receiver_address = input.receiverAddress;
  if (input.userId) info.user_id = input.userId;
  return info;
}

builder.mutationFields((t) => ({
  createCheckout: t.field({
    type: CheckoutCreatedRef,
    ...merchant,
    errors: errorResult('CreateCheckout'),
    args: { input: t.arg({ type: CreateCheckoutInput }) },
    resolve: idempotent(
      'createCheckout',
      (_root, { input }, context) =>
        context.service.createCheckout({
          ...input,
          riskInfo: riskInfo(input.riskInfo),
          subOrders: input.subOrders.map((sub) => ({
            ...sub,
            isCustoms: sub.isCustoms ?? false,
            items: sub.items.map((item) => ({ ...item, type: item.type as 'OTHER' })),
          })),
        }),
      // UMF unreachable here means the exchange rate lookup failed before anything was stored.
      { releaseOn: ['UPSTREAM_UNAVAILABLE'] },
    ),
  }),
  cancelCheckout: t.field({
    type: CheckoutRef,
    ...merchant,
    errors: errorResult('CancelCheckout'),
    args: { id: t.arg.id(), idempotencyKey: t.arg.string(idempotencyKey) },
    resolve: idempotent('cancelCheckout', (_root, args, context) =>
      context.service.cancelCheckout(String(args.id)),
    ),
  }),
  refundPayment: t.field({
    type: RefundRef,
    ...merchant,
    errors: errorResult('RefundPayment'),
    args: { input: t.arg({ type: RefundPaymentInput }) },
    resolve: idempotent('refundPayment', (_root, { input }, context) =>
      context.service.refundPayment({
        ...input,
        checkoutId: String(input.checkoutId),
        attemptId: input.attemptId == null ? null : String(input.attemptId),
      }),
    ),
  }),
}));

builder.queryFields((t) => ({
  checkoutById: nodeById(t, CheckoutRef, (service, id) => service.checkoutById(id)),
  refund: nodeById(t, RefundRef, (service, id) => service.refund(id)),
  exchangeRate: t.field({
    type: ExchangeRateRef,
    ...merchant,
    errors: errorResult('ExchangeRate'),
    args: { currency: t.arg({ type: CurrencyEnum }) },
    resolve: async (_root, args, context) => ({
      currency: args.currency,
      rate: await context.service.exchangeRate(args.currency),
    }),
  }),
}));
