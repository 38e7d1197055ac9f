// The two callers of the BFF in a chaos run, each speaking only the public GraphQL API: the
// widget (trusted documents, the client secret, card fields encrypted with the published key)
// and the merchant backend (any document, the API key, idempotency keys where the schema has
// them).
import { readFileSync } from 'node:fs';
import type { OperationName } from '../../widget/api/client.ts';
import type { EncryptionKey } from '../../widget/api/encrypt.ts';
import { encryptField } from '../../widget/api/encrypt.ts';
import { RESIDENT_ID } from '../support/fixtures.ts';
import {
  type CallResult,
  type GraphqlClient,
  type Json,
  merchantHeaders,
  WIDGET_HEADERS,
  widgetBody,
} from './client.ts';

export type View = {
  id: string;
  status: string;
  version: number;
  encryptionKey: EncryptionKey;
  attempt: { id: string; status: string; method: string; qrContent: string | null } | null;
};

/** A typed result: `__typename` plus the payload's or the CheckoutError's fields. */
export type Answer = Json & {
  __typename: string;
  code?: string;
  errorRetryAt?: string | null;
  attempt?: { id: string };
  qrContent?: string;
  checkout?: View;
};

/** undefined: no answer (transport, 5xx, masked error) — the caller does not know. */
export type Maybe<T> = T | undefined;

function field<T>(result: CallResult, name: string): Maybe<T> {
  if (!result.ok || result.errors?.length) return undefined;
  return (result.data?.[name] ?? undefined) as Maybe<T>;
}

export function createWidget(client: GraphqlClient, clientSecret: string, from: string) {
  const run = async <T>(name: OperationName, variables: Json, key: string) =>
    field<T>(
      await client.call({
        operation: name,
        headers: WIDGET_HEADERS,
        body: await widgetBody(name, variables),
        from,
      }),
      key,
    );
  const card = (key: EncryptionKey, number: string, credit: boolean) => ({
    number: encryptField(number, key),
    holderName: encryptField('张三', key),
    idNumber: encryptField(RESIDENT_ID, key),
    ...(credit ? { expiry: encryptField('1239', key), cvv2: encryptField('123', key) } : {}),
  });
  return {
    async load(): Promise<Maybe<View>> {
      const answer = await run<Answer & View>('Checkout', { clientSecret }, 'checkout');
      return answer?.__typename === 'Checkout' ? answer : undefined;
    },
    sendSms(key: EncryptionKey, phone: string, number: string, credit: boolean) {
      const input = {
        clientSecret,
        method: credit ? 'CREDIT_CARD' : 'DEBIT_CARD',
        bankCode: 'ICBC',
        phone,
        card: card(key, number, credit),
      };
      return run<Answer>('SendSmsCode', { input }, 'sendSmsCode');
    },
    confirm(
      key: EncryptionKey,
      attemptId: string,
      phone: string,
      number: string,
      credit: boolean,
      smsCode: string,
    ) {
      const input = { clientSecret, attemptId, phone, card: card(key, number, credit), smsCode };
      return run<Answer>('ConfirmPayment', { input }, 'confirmPayment');
    },
    /**
     * The live stream, reopened after every cut (a restart) until it shows a final status or
     * `signal` ends the watch; resolves with the last status it showed.
     */
    async watch(signal: AbortSignal, final: Set<string>): Promise<string | undefined> {
      let last: string | undefined;
      const body = await widgetBody('CheckoutUpdated', { clientSecret });
      while (!signal.aborted && !(last && final.has(last))) {
        await client.stream({
          body,
          from,
          signal,
          onData: (data) => {
            const status = (data.checkoutUpdated as { status?: string } | undefined)?.status;
            if (status) last = status;
          },
        });
        if (!signal.aborted && !(last && final.has(last)))
          await new Promise((resolve) => setTimeout(resolve, 300));
      }
      return last;
    },
    startQr(method: 'WECHAT_SCAN' | 'ALIPAY_SCAN', refresh: boolean) {
      const input = { clientSecret, method, ...(refresh ? { refresh: true } : {}) };
      return run<Answer>('StartQrPayment', { input }, 'startQrPayment');
    },
  };
}

export type Widget = ReturnType<typeof createWidget>;

export type MerchantRefund = {
  id: string;
  status: string;
  amount: { amount: string };
  umfRefundId: string | null;
  attemptId: string;
};

export type MerchantAttempt = {
  id: string;
  status: string;
  counted: boolean;
  umfPaymentId: string | null;
  refundableAmount: { amount: string };
};

export type MerchantCheckout = {
  id: string;
  status: string;
  version: number;
  orderId: string;
  amount: { amount: string; currency: string };
  refunds: MerchantRefund[];
  attempts: MerchantAttempt[];
};

const CHECKOUT_SELECTION = `id status version orderId amount { amount currency }
  refunds { id status amount { amount } umfRefundId attemptId }
  attempts { id status counted umfPaymentId refundableAmount { amount } }`;

const ERROR_SELECTION = '... on CheckoutError { code message field errorRetryAt: retryAt }';

const schemaText = () =>
  readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');

/** Whether the schema's input type has the field (idempotency keys land with their issue). */
export function inputHasField(typeName: string, fieldName: string): boolean {
  const block = new RegExp(`input ${typeName} \\{([^}]*)\\}`).exec(schemaText())?.[1] ?? '';
  return new RegExp(`^\\s*${fieldName}:`, 'm').test(block);
}

/** Whether cancelCheckout takes an idempotencyKey argument. */
function cancelTakesKey(): boolean {
  const mutation = /type Mutation \{([\s\S]*?)\n\}/.exec(schemaText())?.[1] ?? '';
  const cancel = /cancelCheckout\(([^)]*)\)/.exec(mutation)?.[1] ?? '';
  return /^\s*idempotencyKey:/m.test(cancel);
}

export function createMerchant(client: GraphqlClient, apiKey: string) {
  const keyed = {
    createCheckout: inputHasField('CreateCheckoutInput', 'idempotencyKey'),
    refundPayment: inputHasField('RefundPaymentInput', 'idempotencyKey'),
    cancelCheckout: cancelTakesKey(),
  };
  const run = async <T>(operation: string, query: string, variables: Json, key?: string) =>
    field<T>(
      await client.call({
        operation,
        headers: merchantHeaders(apiKey, key),
        body: { query, variables },
      }),
      operation,
    );
  return {
    keyed,
    createCheckout(input: Json, key: string) {
      return run<Answer & { clientSecret?: string; checkout?: { id: string } }>(
        'createCheckout',
        `mutation ($input: CreateCheckoutInput!) { createCheckout(input: $input) {
          __typename ... on CheckoutCreated { clientSecret checkout { id } } ${ERROR_SELECTION} } }`,
        { input: keyed.createCheckout ? { ...input, idempotencyKey: key } : input },
        key,
      );
    },
    checkoutById(id: string) {
      return run<MerchantCheckout | null>(
        'checkoutById',
        `query ($id: ID!) { checkoutById(id: $id) { ${CHECKOUT_SELECTION} } }`,
        { id },
      );
    },
    refundPayment(checkoutId: string, amount: string, key: string) {
      const input = { checkoutId, amount, ...(keyed.refundPayment ? { idempotencyKey: key } : {}) };
      return run<Answer & Partial<MerchantRefund>>(
        'refundPayment',
        `mutation ($input: RefundPaymentInput!) { refundPayment(input: $input) {
          __typename ... on Refund { id status amount { amount } umfRefundId } ${ERROR_SELECTION} } }`,
        { input },
        key,
      );
    },
    cancelCheckout(id: string, key: string) {
      const withKey = keyed.cancelCheckout;
      return run<Answer>(
        'cancelCheckout',
        `mutation ($id: ID!${withKey ? ', $key: String' : ''}) {
          cancelCheckout(id: $id${withKey ? ', idempotencyKey: $key' : ''}) {
          __typename ... on Checkout { id status } ${ERROR_SELECTION} } }`,
        withKey ? { id, key } : { id },
        key,
      );
    },
  };
}

export type Merchant = ReturnType<typeof createMerchant>;
