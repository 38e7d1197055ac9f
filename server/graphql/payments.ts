// The widget's operations: read the checkout, pick a bank, get an SMS code, confirm; QR and
// WeChat payments; live updates. Each is authorised by the checkout's client secret alone.

import type { InputObjectRef } from '@pothos/core';
import { Repeater } from 'graphql-yoga';
import { isFinalStatus } from '../../common/checkout-status.ts';
import { CheckoutError } from '../domain/errors.ts';
import type { Attempt, Checkout } from '../domain/types.ts';
import { builder } from './builder.ts';
import { CheckoutRef, PaymentAttemptRef } from './checkout.ts';
import type { GraphQLContext } from './context.ts';
import { CardTypeEnum, PaymentMethodEnum } from './enums.ts';
import { errorResult } from './errors.ts';
import { QrCodeRef } from './qr-code.ts';

type Bank = { code: string; name: string; name_zh?: string; logo_url?: string };

const BankRef = builder.objectRef<Bank>('Bank').implement({
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name', { description: 'English name.' }),
    nameZh: t.string({ resolve: (bank) => bank.name_zh ?? bank.name }),
    logoUrl: t.string({ nullable: true, resolve: (bank) => bank.logo_url ?? null }),
  }),
});

const EncryptedCardInput = builder.inputType('EncryptedCardInput', {
  description:
    "Card fields, each encrypted in the browser with the checkout's encryptionKey (base64).",
  fields: (t) => ({
    number: t.string(),
    holderName: t.string(),
    idNumber: t.string({ description: 'Resident ID number (居民身份证).' }),
    expiry: t.string({ required: false, description: 'Credit cards: MMYY.' }),
    cvv2: t.string({ required: false, description: 'Credit cards.' }),
  }),
});

const SendSmsCodeInput = builder.inputType('SendSmsCodeInput', {
  fields: (t) => ({
    clientSecret: t.string(),
    method: t.field({ type: PaymentMethodEnum }),
    bankCode: t.string(),
    phone: t.string({ description: 'Mainland mobile number, in clear (as UMF expects it).' }),
    card: t.field({ type: EncryptedCardInput }),
    saveCard: t.boolean({
      required: false,
      description:
        'The customer ticked "remember this card" (only when the checkout\'s saveCard is ASK).',
    }),
  }),
});

const ConfirmPaymentInput = builder.inputType('ConfirmPaymentInput', {
  fields: (t) => ({
    clientSecret: t.string(),
    attemptId: t.id(),
    phone: t.string(),
    card: t.field({ type: EncryptedCardInput, description: 'The same card, encrypted again.' }),
    smsCode: t.string(),
  }),
});

const StartQrPaymentInput = builder.inputType('StartQrPaymentInput', {
  fields: (t) => ({
    clientSecret: t.string(),
    method: t.field({ type: PaymentMethodEnum, description: 'WECHAT_SCAN or ALIPAY_SCAN.' }),
    refresh: t.boolean({ required: false, description: 'A new QR code (new payment).' }),
  }),
});

const StartWechatPaymentInput = builder.inputType('StartWechatPaymentInput', {
  fields: (t) => ({ clientSecret: t.string(), openId: t.string() }),
});

type SmsSent = { checkout: Checkout; attempt: Attempt; retryAt: Date };
export const SmsCodeSentRef = builder.objectRef<SmsSent>('SmsCodeSent').implement({
  fields: (t) => ({
    checkout: t.field({ type: CheckoutRef, resolve: (r) => r.checkout }),
    attempt: t.field({ type: PaymentAttemptRef, resolve: (r) => r.attempt }),
    retryAt: t.field({ type: 'DateTime', resolve: (r) => r.retryAt }),
  }),
});

export const PaymentConfirmedRef = builder
  .objectRef<{ checkout: Checkout }>('PaymentConfirmed')
  .implement({
    description: 'Execute was sent: the checkout is PROCESSING or already final.',
    fields: (t) => ({ checkout: t.field({ type: CheckoutRef, resolve: (r) => r.checkout }) }),
  });

type Types = (typeof builder)['$inferSchemaTypes'];

/**
 * A mutation that executes an attempt with its SMS code (at most once) and answers the checkout
 * after it: the `input` type's `attemptId` given to `confirm` as a string.
 */
export function confirmField<I extends { attemptId: string | number }>(
  t: PothosSchemaTypes.MutationFieldBuilder<Types, Types['Root']>,
  name: string,
  input: InputObjectRef<Types, I>,
  confirm: (context: GraphQLContext, input: I & { attemptId: string }) => Promise<Checkout>,
  description?: string,
) {
  return t.field({
    type: PaymentConfirmedRef,
    description,
    errors: errorResult(name),
    args: { input: t.arg({ type: input }) },
    resolve: async (_root, args, context) => {
      const given = (args as { input: I }).input;
      return { checkout: await confirm(context, { ...given, attemptId: String(given.attemptId) }) };
    },
  });
}

type QrStarted = { checkout: Checkout; qrContent: string; expiresAt: Date };
const QrPaymentRef = builder.objectRef<QrStarted>('QrPayment').implement({
  fields: (t) => ({
    checkout: t.field({ type: CheckoutRef, resolve: (r) => r.checkout }),
    qrContent: t.exposeString('qrContent'),
    qrCode: t.field({
      type: QrCodeRef,
      description: 'The code drawn (qrContent encoded), ready to show.',
      resolve: (r) => r.qrContent,
    }),
    expiresAt: t.field({ type: 'DateTime', resolve: (r) => r.expiresAt }),
  }),
});

type PayParams = Record<
  'appId' | 'timeStamp' | 'nonceStr' | 'package' | 'signType' | 'paySign',
  string
>;
const WechatPayParamsRef = builder.objectRef<PayParams>('WechatPayParams').implement({
  description: "Pass as-is to WeixinJSBridge.invoke('getBrandWCPayRequest', …).",
  fields: (t) => ({
    appId: t.exposeString('appId'),
    timeStamp: t.exposeString('timeStamp'),
    nonceStr: t.exposeString('nonceStr'),
    package: t.exposeString('package'),
    signType: t.exposeString('signType'),
    paySign: t.exposeString('paySign'),
  }),
});

const WechatPaymentRef = builder
  .objectRef<{ checkout: Checkout; payParams: PayParams }>('WechatPayment')
  .implement({
    fields: (t) => ({
      checkout: t.field({ type: CheckoutRef, resolve: (r) => r.checkout }),
      payParams: t.field({ type: WechatPayParamsRef, resolve: (r) => r.payParams }),
    }),
  });

builder.queryFields((t) => ({
  checkout: t.field({
    type: CheckoutRef,
    description: 'The checkout this client secret unlocks.',
    errors: errorResult('Checkout'),
    args: { clientSecret: t.arg.string() },
    resolve: (_root, args, context) => context.service.checkout(args.clientSecret),
  }),
  banks: t.field({
    type: [BankRef],
    description: 'Banks that accept this card type (cached).',
    args: { cardType: t.arg({ type: CardTypeEnum }) },
    resolve: (_root, args, context) => context.service.banks(args.cardType),
  }),
  wechatAuthorizeUrl: t.string({
    description: "WeChat's authorisation page; it returns to returnUrl with ?open_id=….",
    errors: { types: [CheckoutError], union: { name: 'WechatAuthorizeUrlResult' } },
    args: { clientSecret: t.arg.string(), returnUrl: t.arg.string() },
    resolve: (_root, args, context) => context.service.wechatAuthorizeUrl(args),
  }),
}));

builder.mutationFields((t) => ({
  sendSmsCode: t.field({
    type: SmsCodeSentRef,
    errors: errorResult('SendSmsCode'),
    args: { input: t.arg({ type: SendSmsCodeInput }) },
    resolve: (_root, { input }, context) =>
      context.service.sendSmsCode({ ...input, clientIp: context.clientIp }),
  }),
  confirmPayment: confirmField(t, 'ConfirmPayment', ConfirmPaymentInput, (context, input) =>
    context.service.confirmPayment(input),
  ),
  startQrPayment: t.field({
    type: QrPaymentRef,
    errors: errorResult('StartQrPayment'),
    args: { input: t.arg({ type: StartQrPaymentInput }) },
    resolve: (_root, { input }, context) => context.service.startQrPayment(input),
  }),
  startWechatPayment: t.field({
    type: WechatPaymentRef,
    errors: errorResult('StartWechatPayment'),
    args: { input: t.arg({ type: StartWechatPaymentInput }) },
    resolve: (_root, { input }, context) => context.service.startWechatPayment(input),
  }),
}));

builder.subscriptionFields((t) => ({
  checkoutUpdated: t.field({
    type: CheckoutRef,
    description: 'The checkout now, then at every status change until it ends.',
    args: { clientSecret: t.arg.string() },
    // A Repeater, not an async generator: a generator suspended in an await cannot be returned
    // until its next yield, so a closed connection would keep the subscription (and Yoga's
    // keep-alive ping) alive until the next event.
    subscribe: (_root, args, context) =>
      new Repeater<Checkout>(async (push, stop) => {
        const { id } = await context.service.checkoutBySecret(args.clientSecret);
        // Listen first, then read: an event landing in between is not lost, and anything at or
        // below the version already sent is dropped.
        const events = context.pubsub.subscribe('checkout:updated', id)[Symbol.asyncIterator]();
        const stopped = stop.then(() => ({ done: true as const, value: undefined }));
        let pending = events.next();
        try {
          const checkout = await context.service.checkoutBySecret(args.clientSecret);
          let version = checkout.version;
          await push(checkout);
          if (isFinalStatus(checkout.status)) return;
          while (true) {
            const { value: next, done } = await Promise.race([pending, stopped]);
            if (done) return;
            pending = events.next();
            if (next.version <= version) continue;
            version = next.version;
            await push(next);
            if (isFinalStatus(next.status)) return;
          }
        } finally {
          stop();
          await events.return?.();
        }
      }),
    resolve: (checkout) => checkout,
  }),
}));
