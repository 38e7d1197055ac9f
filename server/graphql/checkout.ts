// The Checkout type: what the widget (by client secret) and the merchant (by id) read.
import { orderOf } from '../domain/order.ts';
import type { Attempt, Checkout } from '../domain/types.ts';
import type { UmfProtocol } from '../umf/protocol.ts';
import { describeReturnCode } from '../umf/return-codes.ts';
import { builder } from './builder.ts';
import {
  CheckoutStatusEnum,
  CurrencyEnum,
  ErrorCodeEnum,
  PaymentAttemptStatusEnum,
  PaymentMethodEnum,
} from './enums.ts';
import { QrCodeRef } from './qr-code.ts';

export type Money = { amount: string; currency: string };

export const MoneyRef = builder.objectRef<Money>('Money').implement({
  description: 'An amount of money: a decimal string, never a float.',
  fields: (t) => ({
    amount: t.field({ type: 'Decimal', resolve: (money) => money.amount }),
    currency: t.field({ type: CurrencyEnum, resolve: (money) => money.currency as 'CNY' }),
  }),
});

type Key = {
  modulus: string;
  exponent: string;
  keyId: string;
  fieldCharset: UmfProtocol['fieldCharset'];
  cardExpiry: UmfProtocol['cardExpiry'];
};

const FieldCharsetEnum = builder.enumType('FieldCharset', {
  description: 'The charset of a card field before it is encrypted.',
  values: { UTF_8: { value: 'UTF-8' }, GBK: { value: 'GBK' } } as const,
});

const CardExpiryFormatEnum = builder.enumType('CardExpiryFormat', {
  description: 'The digit order of the encrypted expiry (the customer types MM/YY).',
  values: ['YYMM', 'MMYY'] as const,
});

const EncryptionKeyRef = builder.objectRef<Key>('EncryptionKey').implement({
  description: "UMF's RSA public key: encrypt card fields with it (PKCS#1 v1.5) before sending.",
  fields: (t) => ({
    modulus: t.exposeString('modulus', { description: 'base64url, big-endian.' }),
    exponent: t.exposeString('exponent', { description: 'base64url, big-endian.' }),
    keyId: t.exposeString('keyId'),
    charset: t.field({
      type: FieldCharsetEnum,
      description: 'Encode each field in this charset, then encrypt the bytes.',
      resolve: (key) => key.fieldCharset,
    }),
    expiryFormat: t.field({
      type: CardExpiryFormatEnum,
      description: 'Encrypt a credit card expiry as these four digits.',
      resolve: (key) => key.cardExpiry,
    }),
  }),
});

type LineItem = { id: string; name: string; quantity: number; amount: string; currency: string };

const LineItemRef = builder.objectRef<LineItem>('LineItem').implement({
  fields: (t) => ({
    id: t.exposeString('id'),
    name: t.exposeString('name'),
    quantity: t.exposeInt('quantity'),
    amount: t.field({
      type: MoneyRef,
      resolve: (item) => ({ amount: item.amount, currency: item.currency }),
    }),
  }),
});

export const PaymentAttemptRef = builder.objectRef<Attempt>('PaymentAttempt').implement({
  description: 'One try at paying a checkout (one UMF payment).',
  fields: (t) => ({
    id: t.exposeID('id'),
    method: t.field({ type: PaymentMethodEnum, resolve: (a) => a.method as 'DEBIT_CARD' }),
    bankCode: t.exposeString('bankCode', { nullable: true }),
    status: t.field({ type: PaymentAttemptStatusEnum, resolve: (a) => a.status }),
    phone: t.exposeString('phoneMasked', {
      nullable: true,
      description: 'Masked: 138****8000.',
    }),
    smsRetryAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When another SMS code may be requested.',
      resolve: (a) => a.nextSmsAllowedAt,
    }),
    qrContent: t.exposeString('qrCodeUrl', {
      nullable: true,
      description: 'QR payments: the content to draw as a QR code.',
    }),
    qrCode: t.field({
      type: QrCodeRef,
      nullable: true,
      description: 'QR payments: the code drawn (qrContent encoded), ready to show.',
      resolve: (a) => a.qrCodeUrl ?? null,
    }),
    failureCode: t.field({
      type: ErrorCodeEnum,
      nullable: true,
      resolve: (a) => failure(a)?.code ?? null,
    }),
    failureMessage: t.string({
      nullable: true,
      resolve: (a, _args, context) => {
        const code = a.resultCode ?? a.lastErrorCode;
        return code && failure(a) ? describeReturnCode(code, context.locale).customerMessage : null;
      },
    }),
  }),
});

function failure(attempt: Attempt) {
  const code =
    attempt.status === 'FAILED' || attempt.status === 'CLOSED'
      ? attempt.resultCode
      : attempt.lastErrorCode;
  if (!code || code === '0000') return null;
  const described = describeReturnCode(code, 'en');
  return described.code === 'OK' ? null : described;
}

export const CheckoutRef = builder.objectRef<Checkout>('Checkout').implement({
  description: 'A payment the merchant created; the widget drives it with its client secret.',
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.field({ type: CheckoutStatusEnum, resolve: (c) => c.status }),
    version: t.exposeInt('version', { description: 'Grows with every status change.' }),
    orderId: t.exposeString('merchantOrderId'),
    description: t.string({ resolve: (c) => orderOf(c.order).description }),
    amount: t.field({
      type: MoneyRef,
      resolve: (c) => ({ amount: c.amount, currency: c.currency }),
    }),
    amountCny: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'What the customer pays in CNY, at the rate of checkout creation (estimate).',
      resolve: (c) => {
        const cny = orderOf(c.order).amountCny;
        return cny ? { amount: cny, currency: 'CNY' } : null;
      },
    }),
    exchangeRate: t.string({
      nullable: true,
      description: 'CNY per unit of the checkout currency.',
      resolve: (c) => orderOf(c.order).exchangeRate ?? null,
    }),
    items: t.field({
      type: [LineItemRef],
      resolve: (c) =>
        orderOf(c.order).subOrders.flatMap((sub) =>
          sub.items.map((item) => ({ ...item, currency: c.currency })),
        ),
    }),
    methods: t.field({
      type: [PaymentMethodEnum],
      resolve: (c) => c.methods as 'DEBIT_CARD'[],
    }),
    expiresAt: t.field({ type: 'DateTime', resolve: (c) => c.expiresAt }),
    createdAt: t.field({ type: 'DateTime', resolve: (c) => c.createdAt }),
    encryptionKey: t.field({
      type: EncryptionKeyRef,
      resolve: (_c, _args, context) => context.service.encryptionKey(),
    }),
    attempt: t.field({
      type: PaymentAttemptRef,
      nullable: true,
      description: 'The current attempt, if any.',
      resolve: async (c, _args, context) => (await context.service.attempt(c)) ?? null,
    }),
    attemptCount: t.exposeInt('attemptCount'),
  }),
});
