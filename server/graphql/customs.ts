// Customs declarations of paid checkouts (merchant key; docs/umf-protocol.md §5.9–10).
import { CUSTOMS_STATUSES } from '../domain/customs.ts';
import type { CustomsDeclaration } from '../domain/types.ts';
import { describeReturnCode } from '../umf/return-codes.ts';
import { builder } from './builder.ts';
import { CheckoutRef, MoneyRef } from './checkout.ts';
import { ErrorCodeEnum } from './enums.ts';
import { errorResult } from './errors.ts';
import { IDEMPOTENCY_KEY_DESCRIPTION, idempotent } from './idempotency.ts';

const merchant = { authScopes: { merchant: true } } as const;

const CustomsStatusEnum = builder.enumType('CustomsDeclarationStatus', {
  description:
    'UNKNOWN: sent, and no answer to trust yet: UMF is asked (each time you read it), it is ' +
    'never sent again. PENDING: UMF has it and has not decided. SUCCEEDED and FAILED are final ' +
    '(a webhook `customs_declaration.succeeded` / `.failed` follows); after FAILED the ' +
    'sub-order may be declared again.',
  values: CUSTOMS_STATUSES,
});

const text = (request: Record<string, unknown>, key: string) =>
  typeof request[key] === 'string' ? (request[key] as string) : null;

export const CustomsDeclarationRef = builder
  .objectRef<CustomsDeclaration>('CustomsDeclaration')
  .implement({
    description: "One declaration of a paid checkout's sub-order to a customs office.",
    fields: (t) => ({
      id: t.exposeID('id', { description: 'Ours: the stable reference of the declaration.' }),
      checkoutId: t.exposeID('checkoutId'),
      subOrderId: t.exposeString('subOrderId'),
      status: t.field({ type: CustomsStatusEnum, resolve: (d) => d.status }),
      customsId: t.string({ nullable: true, resolve: (d) => text(d.request, 'customs_id') }),
      merchantCustomsCode: t.string({
        nullable: true,
        resolve: (d) => text(d.request, 'mer_customs_code'),
      }),
      amount: t.field({
        type: MoneyRef,
        description: "The sub-order's amount, as declared.",
        resolve: async (d, _args, context) => ({
          amount: text(d.request, 'sub_order_amount') ?? '0.00',
          currency: (await context.service.checkoutById(d.checkoutId))?.currency ?? 'CNY',
        }),
      }),
      umfDeclarationId: t.exposeString('umfDeclarationId', {
        nullable: true,
        description: "UMF's id, once UMF gave it.",
      }),
      umfCode: t.exposeString('resultCode', {
        nullable: true,
        description: "UMF's return code of a failure.",
      }),
      failureCode: t.field({
        type: ErrorCodeEnum,
        nullable: true,
        description: 'Why it FAILED (CUSTOMS_REJECTED when UMF gave no more precise code).',
        resolve: (d) => {
          if (d.status !== 'FAILED') return null;
          const code = d.resultCode ? describeReturnCode(d.resultCode, 'en').code : 'OK';
          return code === 'OK' ? 'CUSTOMS_REJECTED' : code;
        },
      }),
      createdAt: t.field({ type: 'DateTime', resolve: (d) => d.createdAt }),
      updatedAt: t.field({ type: 'DateTime', resolve: (d) => d.updatedAt }),
    }),
  });

builder.objectFields(CheckoutRef, (t) => ({
  customsDeclarations: t.field({
    type: [CustomsDeclarationRef],
    ...merchant,
    description:
      'Its customs declarations, oldest first (as stored; read one by id to refresh it). Merchant key only.',
    resolve: (c, _args, context) => context.service.customsDeclarations(c.id),
  }),
}));

const DeclareCustomsInput = builder.inputType('DeclareCustomsInput', {
  description:
    'Declares one sub-order (created with `isCustoms: true`) of a SUCCEEDED checkout. Sent to ' +
    'UMF once; a lost answer leaves the declaration UNKNOWN until UMF is asked.',
  fields: (t) => ({
    checkoutId: t.id(),
    subOrderId: t.string({ description: 'The `id` of a sub-order given at createCheckout.' }),
    customsId: t.string({ description: 'The customs office code (1–32 letters or digits).' }),
    merchantCustomsCode: t.string({
      description: 'Your registration code at that customs office (1–64 characters).',
    }),
    ecPlatformId: t.string({
      required: false,
      description: "The e-commerce platform's registration, when the office asks for it.",
    }),
    freightAmount: t.field({ type: 'Decimal', required: false, description: 'Default 0.00.' }),
    taxAmount: t.field({ type: 'Decimal', required: false, description: 'Default 0.00.' }),
    idempotencyKey: t.string({ required: false, description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

builder.mutationFields((t) => ({
  declareCustoms: t.field({
    type: CustomsDeclarationRef,
    ...merchant,
    description:
      'Errors: PAYMENT_NOT_COMPLETED (not paid), CUSTOMS_NOT_DECLARABLE (no such sub-order, or ' +
      'not `isCustoms`), CUSTOMS_ALREADY_DECLARED (one did not fail), CUSTOMS_REJECTED (UMF ' +
      'refused: the declaration is FAILED), VALIDATION with `field`. Merchant key only.',
    errors: errorResult('DeclareCustoms'),
    args: { input: t.arg({ type: DeclareCustomsInput }) },
    resolve: idempotent('declareCustoms', (_root, { input }, context) =>
      context.service.declareCustoms({ ...input, checkoutId: String(input.checkoutId) }),
    ),
  }),
}));

builder.queryFields((t) => ({
  customsDeclaration: t.field({
    type: CustomsDeclarationRef,
    nullable: true,
    ...merchant,
    description:
      'A declaration by its id; one not final yet is asked of UMF first. Merchant key only.',
    args: { id: t.arg.id() },
    resolve: async (_root, args, context) =>
      (await context.service.customsDeclaration(String(args.id))) ?? null,
  }),
}));
