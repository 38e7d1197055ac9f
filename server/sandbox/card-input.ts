// Reads the bank card of a verify or execute request: either spelling (bank_card / bankCard,
// payer_name / card_holder), the five sensitive fields decrypted with UMF's private key and
// decoded as UTF-8 (the official SDK) or GBK (UMF's QA tool). By default UTF-8 is tried first
// and GBK when the bytes are not UTF-8; strict `fieldCharset` accepts only one.
// The SMS code is read from the card, payer_info or the body; strict `verifyCode` takes one place.
// The decrypted values live only in this call; nothing here is logged or stored.
import type { KeyObject } from 'node:crypto';
import { decryptFieldBytes } from './decrypt.ts';
import { badRequest, invalidParameter } from './errors.ts';
import { asRecord } from './http.ts';
import { checkPayerInfoSpelling, payerInfoMember } from './spelling.ts';
import { type SandboxStrict, strictRefusal } from './strict.ts';

export type CardInput = {
  number: string;
  validDate: string | undefined;
  cvv2: string | undefined;
  holderName: string | undefined;
  citizenId: string | undefined;
  phone: unknown;
  verifyCode: unknown;
  /** bank_card.mer_cust_id: the merchant's id of the customer, asking for a payer agreement. */
  merCustId: string | undefined;
};

/** One strict decoder per charset: each decode call starts afresh, so they are reused. */
const DECODERS = {
  'utf-8': new TextDecoder('utf-8', { fatal: true }),
  gbk: new TextDecoder('gbk', { fatal: true }),
};

function decodeAs(charset: 'utf-8' | 'gbk', bytes: Buffer): string | undefined {
  try {
    return DECODERS[charset].decode(bytes);
  } catch {
    return undefined;
  }
}

const CJK = /[\u3400-\u9fff]/;

/** The plaintext of decrypted bytes in the charset the client used, or a refusal. */
export function decodeField(bytes: Buffer, field: string, strict: SandboxStrict): string {
  const charset = strict.fieldCharset;
  const utf8 = decodeAs('utf-8', bytes);
  if (charset === 'UTF-8') {
    if (utf8 === undefined) throw strictRefusal('fieldCharset', charset, `${field} is not UTF-8`);
    return utf8;
  }
  const gbk = decodeAs('gbk', bytes);
  if (charset === 'GBK') {
    // GBK Chinese is almost never valid UTF-8; UTF-8 bytes that spell Chinese are UTF-8.
    if (gbk === undefined || (utf8 !== undefined && CJK.test(utf8)))
      throw strictRefusal('fieldCharset', charset, `${field} is not GBK`);
    return gbk;
  }
  const text = utf8 ?? gbk;
  if (text === undefined) throw invalidParameter(`${field} is neither UTF-8 nor GBK text`);
  return text;
}

export function decrypt(
  value: unknown,
  field: string,
  key: KeyObject,
  strict: SandboxStrict,
): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalidParameter(`${field} must be an encrypted string`);
  let bytes: Buffer;
  try {
    bytes = decryptFieldBytes(value, key);
  } catch {
    throw badRequest('00060700', `${field} is not encrypted with the UMF public key`);
  }
  return decodeField(bytes, field, strict);
}

export function readCard(
  body: Record<string, unknown>,
  key: KeyObject,
  strict: SandboxStrict,
): CardInput {
  const info = asRecord(asRecord(body.payer)?.payer_info);
  if (info) checkPayerInfoSpelling(info, strict);
  const card = payerInfoMember(info, 'bank_card');
  if (!info || !card) throw invalidParameter('payer.payer_info.bank_card is required');
  const number = decrypt(card.number, 'bank_card.number', key, strict);
  if (number === undefined) throw invalidParameter('bank_card.number is required');
  return {
    number: number.replace(/\s/g, ''),
    validDate: decrypt(card.valid_date, 'bank_card.valid_date', key, strict),
    cvv2: decrypt(card.cvv2, 'bank_card.cvv2', key, strict),
    holderName:
      decrypt(card.payer_name ?? card.card_holder, 'bank_card.payer_name', key, strict) ??
      decrypt(info.name, 'payer_info.name', key, strict),
    citizenId: decrypt(card.citizen_id_number, 'bank_card.citizen_id_number', key, strict),
    phone: card.phone ?? info.phone,
    verifyCode: verifyCodeIn(body, info, card, strict),
    merCustId: customerId(card.mer_cust_id),
  };
}

function customerId(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !/^[\w.@-]{1,32}$/.test(value))
    throw invalidParameter(
      'bank_card.mer_cust_id (the customer id in the merchant system) must be 1–32 letters, digits, _ . @ or -',
    );
  return value;
}

/** Where the SMS code may be: inside the pay element (the card or the agreement) or payer_info. */
function codePlaces(element: 'bank_card' | 'payer_agreement') {
  return {
    'bank-card': `payer.payer_info.${element}.verify_code`,
    'payer-info': 'payer.payer_info.verify_code',
  } as const;
}

/**
 * The SMS code: by default read from payer_info, the pay element (the card, or the agreement of a
 * saved card) or the body; strict `verifyCode` reads it only in that place (`bank-card`: inside
 * the pay element) and refuses a code sent anywhere else.
 */
export function verifyCodeIn(
  body: Record<string, unknown>,
  info: Record<string, unknown>,
  card: Record<string, unknown>,
  strict: SandboxStrict,
  element: 'bank_card' | 'payer_agreement' = 'bank_card',
): unknown {
  const CODE_PLACES = codePlaces(element);
  const want = strict.verifyCode;
  if (want === undefined) return info.verify_code ?? card.verify_code ?? body.verify_code;
  const found: [string, unknown][] = [
    [CODE_PLACES['bank-card'], card.verify_code],
    [CODE_PLACES['payer-info'], info.verify_code],
    ['verify_code', body.verify_code],
  ];
  const elsewhere = found.find(
    ([place, code]) => place !== CODE_PLACES[want] && code !== undefined,
  );
  if (elsewhere)
    throw strictRefusal(
      'verifyCode',
      want,
      `${elsewhere[0]} is not read: send the SMS code in ${CODE_PLACES[want]}`,
    );
  return want === 'bank-card' ? card.verify_code : info.verify_code;
}
