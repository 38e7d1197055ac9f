// The widget's requests for one checkout, one method each: variables in, typed result (or
// CheckoutError) out. Loads take an AbortSignal; payments do not (aborting a fetch does not stop
// a payment the server already started, so its answer must still be read).
// Card fields are encrypted here (encrypt-card.ts), just before they leave the page.

import {
  type ApiOptions,
  type Bank,
  type CardInput,
  type CardType,
  type Checkout,
  type CheckoutError,
  createApi,
  type QrMethod,
  type QrPayment,
  type SmsCodeSent,
  type WechatPayment,
} from './client.ts';
import { watchCheckout } from './live.ts';

type Result<T> = T | CheckoutError;
type PaymentConfirmed = { __typename: 'PaymentConfirmed'; checkout: Checkout };

/** Loads the card encryption (a chunk of its own in the ES build); the card step asks early. */
export const loadEncryption = () => import('./encrypt-card.ts').then((m) => m.cardFields);

/** The card's fields of a request: its phone and the card encrypted. */
const cardFields = async (card: CardInput, checkout: Checkout) =>
  (await loadEncryption())(card, checkout);

export function isError<T>(result: Result<T>): result is CheckoutError {
  return (result as { __typename?: string }).__typename === 'CheckoutError';
}

/** A card request: the card as typed and the checkout whose key encrypts it. */
type CardRequest = { checkout: Checkout; card: CardInput };
export type SmsRequest = CardRequest & {
  method: CardType;
  bankCode: string;
  /** The customer ticked "remember this card". */
  saveCard?: boolean;
};
export type ConfirmRequest = CardRequest & { attemptId: string; smsCode: string };

/** The requests of the checkout `clientSecret` opens, through the BFF at `options.endpoint`. */
export function checkoutClient(options: ApiOptions & { clientSecret: string }) {
  const { clientSecret } = options;
  const api = createApi(options);
  /** Sends one operation and returns its only field. */
  const ask = async <T>(
    name: Parameters<typeof api.request>[0],
    variables: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<T> => {
    const data = await api.request<Record<string, T>>(name, variables, signal);
    return Object.values(data)[0];
  };
  /** A mutation: its input is the checkout's client secret and `input`. */
  const send = <T>(name: Parameters<typeof api.request>[0], input: Record<string, unknown>) =>
    ask<Result<T>>(name, { input: { clientSecret, ...input } });
  const checkout = (signal?: AbortSignal) =>
    ask<Result<Checkout>>('Checkout', { clientSecret }, signal);

  return {
    checkout,

    banks: (cardType: CardType, signal?: AbortSignal) => ask<Bank[]>('Banks', { cardType }, signal),

    sendSmsCode: async (r: SmsRequest) =>
      send<SmsCodeSent>('SendSmsCode', {
        method: r.method,
        bankCode: r.bankCode,
        ...(await cardFields(r.card, r.checkout)),
        ...(r.saveCard && { saveCard: true }),
      }),

    /** Pays with a saved card: UMF texts the code to the card's phone. */
    sendSavedCardSmsCode: (savedCardId: string) =>
      send<SmsCodeSent>('SendSavedCardSmsCode', { savedCardId }),

    confirmSavedCardPayment: (attemptId: string, smsCode: string) =>
      send<PaymentConfirmed>('ConfirmSavedCardPayment', { attemptId, smsCode: smsCode.trim() }),

    removeSavedCard: (savedCardId: string) =>
      send<{ __typename: 'SavedCard'; id: string }>('RemoveSavedCard', { savedCardId }),

    confirmPayment: async (r: ConfirmRequest) =>
      send<PaymentConfirmed>('ConfirmPayment', {
        attemptId: r.attemptId,
        ...(await cardFields(r.card, r.checkout)),
        smsCode: r.smsCode.trim(),
      }),

    startQrPayment: (method: QrMethod, refresh: boolean) =>
      send<QrPayment>('StartQrPayment', { method, refresh }),

    /** UMF's payment page for this checkout; the customer comes back to `returnUrl`. */
    startHostedPayment: (returnUrl: string) =>
      send<{ __typename: 'HostedPayment'; redirectUrl: string }>('StartHostedPayment', {
        returnUrl,
      }),

    wechatAuthorizeUrl: (returnUrl: string) =>
      ask<Result<{ __typename: 'QueryWechatAuthorizeUrlSuccess'; data: string }>>(
        'WechatAuthorizeUrl',
        { clientSecret, returnUrl },
      ),

    startWechatPayment: (openId: string) => send<WechatPayment>('StartWechatPayment', { openId }),

    /** Follows the checkout's changes until it is final or `signal` aborts (live.ts). */
    watch: (signal: AbortSignal, onCheckout: (checkout: Checkout) => void) =>
      watchCheckout({
        ...options,
        signal,
        onCheckout,
        poll: async () => {
          const result = await checkout(signal);
          return isError(result) ? null : result;
        },
      }),
  };
}

export type CheckoutClient = ReturnType<typeof checkoutClient>;
