// The widget's requests, one function each: variables in, typed result (or CheckoutError) out.
// Card fields are encrypted here, just before they leave the page.

import { expiryToValidDate, normalizePhone } from '../common/validate.ts';
import type {
  Api,
  CardType,
  Checkout,
  CheckoutError,
  EncryptedCard,
  QrPayment,
  SmsCodeSent,
  WechatPayment,
} from './api.ts';
import { encryptField } from './encrypt.ts';
import type { CardInput } from './events.ts';
import type { QrMethod } from './flow.ts';

type Result<T> = T | CheckoutError;

/** Each card field encrypted with the checkout's key; expiry in its format, number without spaces. */
export function encryptCard(card: CardInput, checkout: Checkout): EncryptedCard {
  const key = checkout.encryptionKey;
  const encrypted: EncryptedCard = {
    number: encryptField(card.cardNumber.replace(/\D/g, ''), key),
    holderName: encryptField(card.holderName.trim().replace(/\s+/g, ' '), key),
    idNumber: encryptField(card.idNumber.trim().toUpperCase(), key),
  };
  if (card.expiry)
    encrypted.expiry = encryptField(expiryToValidDate(card.expiry, key.expiryFormat), key);
  if (card.cvv2) encrypted.cvv2 = encryptField(card.cvv2.trim(), key);
  return encrypted;
}

export async function fetchCheckout(api: Api, clientSecret: string) {
  const data = await api.request<{ checkout: Result<Checkout> }>('Checkout', { clientSecret });
  return data.checkout;
}

export async function fetchBanks(api: Api, cardType: CardType) {
  return (await api.request<{ banks: import('./api.ts').Bank[] }>('Banks', { cardType })).banks;
}

export type SmsRequest = {
  clientSecret: string;
  checkout: Checkout;
  method: CardType;
  bankCode: string;
  card: CardInput;
};

export async function sendSmsCode(api: Api, r: SmsRequest) {
  const input = {
    clientSecret: r.clientSecret,
    method: r.method,
    bankCode: r.bankCode,
    phone: normalizePhone(r.card.phone),
    card: encryptCard(r.card, r.checkout),
  };
  const data = await api.request<{ sendSmsCode: Result<SmsCodeSent> }>('SendSmsCode', { input });
  return data.sendSmsCode;
}

export type ConfirmRequest = {
  clientSecret: string;
  checkout: Checkout;
  attemptId: string;
  card: CardInput;
  smsCode: string;
};

export async function confirmPayment(api: Api, r: ConfirmRequest) {
  const input = {
    clientSecret: r.clientSecret,
    attemptId: r.attemptId,
    phone: normalizePhone(r.card.phone),
    card: encryptCard(r.card, r.checkout),
    smsCode: r.smsCode.trim(),
  };
  type Confirmed = { __typename: 'PaymentConfirmed'; checkout: Checkout };
  const data = await api.request<{ confirmPayment: Result<Confirmed> }>('ConfirmPayment', {
    input,
  });
  return data.confirmPayment;
}

export async function startQrPayment(
  api: Api,
  clientSecret: string,
  method: QrMethod,
  refresh: boolean,
) {
  const input = { clientSecret, method, refresh };
  const data = await api.request<{ startQrPayment: Result<QrPayment> }>('StartQrPayment', {
    input,
  });
  return data.startQrPayment;
}

/** UMF's payment page for this checkout; the customer comes back to `returnUrl`. */
export async function startHostedPayment(api: Api, clientSecret: string, returnUrl: string) {
  type Hosted = { __typename: 'HostedPayment'; redirectUrl: string };
  const input = { clientSecret, returnUrl };
  const data = await api.request<{ startHostedPayment: Result<Hosted> }>('StartHostedPayment', {
    input,
  });
  return data.startHostedPayment;
}

export async function wechatAuthorizeUrl(api: Api, clientSecret: string, returnUrl: string) {
  type Url = { __typename: 'QueryWechatAuthorizeUrlSuccess'; data: string };
  const data = await api.request<{ wechatAuthorizeUrl: Result<Url> }>('WechatAuthorizeUrl', {
    clientSecret,
    returnUrl,
  });
  return data.wechatAuthorizeUrl;
}

export async function startWechatPayment(api: Api, clientSecret: string, openId: string) {
  const input = { clientSecret, openId };
  const data = await api.request<{ startWechatPayment: Result<WechatPayment> }>(
    'StartWechatPayment',
    {
      input,
    },
  );
  return data.startWechatPayment;
}

export function isError<T>(result: Result<T>): result is CheckoutError {
  return (result as { __typename?: string }).__typename === 'CheckoutError';
}
