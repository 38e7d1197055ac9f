// UMF return codes (docs/umf-protocol.md §9) mapped onto the public error codes of our GraphQL
// contract (common/error-codes.ts owns those and their wording), with the field at fault,
// whether another try can succeed, who may read UMF's specific message, and that message in
// zh-CN and en. One table: the sandbox, the client and the schema's error types all read it.

import {
  type ErrorCode,
  type ErrorField,
  type Locale,
  type Messages,
  messageFor,
} from '../../common/error-codes.ts';

/** `OK` exists only for UMF's success code `0000`; it is never an error's code. */
export type ReturnCode = ErrorCode | 'OK';

export const SUCCESS_CODE = '0000';

/**
 * `customer`: the specific message may be shown to the customer as is. `merchant`: it speaks
 * of the merchant's setup or back office; show the customer the generic message of its code.
 */
export type Audience = 'customer' | 'merchant';

export type ReturnCodeEntry = {
  readonly umfCode: string;
  readonly code: ReturnCode;
  readonly field?: ErrorField;
  /** The same operation may succeed later: after correcting an input, waiting, or with another card or bank. */
  readonly retryable: boolean;
  readonly audience: Audience;
  readonly messages: Messages;
};

type Traits = Pick<ReturnCodeEntry, 'retryable' | 'audience'>;
const CUSTOMER_RETRY: Traits = { retryable: true, audience: 'customer' };
const CUSTOMER_FINAL: Traits = { retryable: false, audience: 'customer' };
const MERCHANT_RETRY: Traits = { retryable: true, audience: 'merchant' };
const MERCHANT_FINAL: Traits = { retryable: false, audience: 'merchant' };

function row(
  umfCode: string,
  code: ReturnCode,
  traits: Traits,
  field: ErrorField | undefined,
  zh: string,
  en: string,
): ReturnCodeEntry {
  const messages = { 'zh-CN': zh, en };
  return field === undefined
    ? { umfCode, code, ...traits, messages }
    : { umfCode, code, field, ...traits, messages };
}

const CUSTOMS_CODES = ['00202012', '00202013', '00202014', '00202015', '00202016'] as const;

/** Every code of docs/umf-protocol.md §9, once each (00060700: listed twice by UMF, one meaning). */
// biome-ignore format: one row per return code reads better than the formatter's layout
export const RETURN_CODES: readonly ReturnCodeEntry[] = Object.freeze([
  row('0000', 'OK', CUSTOMER_FINAL, undefined, '操作成功', 'Success.'),
  // Platform and transport.
  row('00060999', 'UPSTREAM_UNAVAILABLE', CUSTOMER_RETRY, undefined,
    '系统繁忙，请稍后再试', 'The payment system is busy. Please try again in a moment.'),
  row('00280703', 'UPSTREAM_UNAVAILABLE', MERCHANT_RETRY, undefined,
    '联动优势访问令牌无效或已过期', 'The UMF access token is invalid or has expired.'),
  // Verify (SMS) step.
  row('00060700', 'VALIDATION', CUSTOMER_RETRY, undefined,
    '提交的信息未通过校验，请核对后重试', 'Some of the details could not be verified. Please check them and try again.'),
  row('00200025', 'CARD_REJECTED', CUSTOMER_RETRY, undefined,
    '银行卡信息有误，请核对后重新输入', 'The card details are incorrect. Please check them and try again.'),
  row('00200026', 'CARD_EXPIRED', CUSTOMER_RETRY, 'expiry',
    '银行卡已过期，请核对有效期或更换其他银行卡', 'This card has expired. Please check the expiry date or use another card.'),
  row('00080706', 'SMS_THROTTLED', CUSTOMER_RETRY, 'smsCode',
    '获取验证码过于频繁，请1分钟后再试', 'Codes were requested too often. Please wait a minute and try again.'),
  row('00060875', 'CARD_NUMBER_INVALID', CUSTOMER_RETRY, 'cardNumber',
    '银行卡号有误，请核对后重新输入', 'The card number is not valid. Please check it and try again.'),
  row('00080707', 'SMS_LIMIT_REACHED', CUSTOMER_FINAL, 'smsCode',
    '该订单获取验证码次数已达上限，请重新下单', 'This order has reached its limit of verification codes. Please place your order again.'),
  row('00200027', 'BANK_NOT_SUPPORTED', CUSTOMER_RETRY, 'bank',
    '商户暂不支持该银行，请选择其他银行', 'This merchant does not accept cards from this bank. Please choose another bank.'),
  row('00060869', 'MERCHANT_CONFIGURATION', MERCHANT_FINAL, undefined,
    '商户商品未在联动优势平台登记', "The merchant's goods are not registered with UMF."),
  // Merchant setup.
  row('00060710', 'MERCHANT_CONFIGURATION', MERCHANT_FINAL, undefined,
    '商户签名验证失败，请检查商户私钥配置', 'The merchant signature is invalid. Check the merchant private key configuration.'),
  row('00060711', 'MERCHANT_CONFIGURATION', MERCHANT_FINAL, undefined,
    '商户未在联动优势平台注册', 'The merchant is not registered with UMF.'),
  row('00060114', 'MERCHANT_CONFIGURATION', MERCHANT_FINAL, undefined,
    '商户权限受限，请联系联动优势', "The merchant's permissions are restricted. Contact UMF."),
  row('00281017', 'CURRENCY_NOT_SUPPORTED', MERCHANT_FINAL, 'currency',
    '商户未开通该币种的收款', 'The merchant is not enabled for this currency at UMF.'),
  // Customer details.
  row('00060720', 'PHONE_INVALID', CUSTOMER_RETRY, 'phone',
    '手机号码有误，请输入银行预留手机号', 'The phone number is incorrect. Please enter the number registered with your bank.'),
  row('00060100', 'PHONE_INVALID', CUSTOMER_RETRY, 'phone',
    '该手机号已被注册，请更换其他手机号', 'This phone number is already registered to another account. Please use another number.'),
  row('00060022', 'ID_NUMBER_INVALID', CUSTOMER_RETRY, 'idNumber',
    '身份证号码有误，请核对后重新输入', 'The ID number is not valid. Please check it and try again.'),
  row('00290502', 'NAME_OR_ID_MISMATCH', CUSTOMER_RETRY, undefined,
    '身份证号码或姓名有误，请核对后重新输入', 'The ID number or name is incorrect. Please check them and try again.'),
  row('00060105', 'NAME_OR_ID_MISMATCH', CUSTOMER_RETRY, undefined,
    '实名认证未通过，请核对持卡人姓名和身份证号码', 'Identity verification failed. Please check the cardholder name and ID number.'),
  // Banks and cards.
  row('00060721', 'BANK_NOT_SUPPORTED', CUSTOMER_RETRY, 'bank',
    '您在所选银行未开通网上银行，请选择其他银行', 'You have no online banking account at the selected bank. Please choose another bank.'),
  row('00060722', 'BANK_NOT_SUPPORTED', CUSTOMER_RETRY, 'bank',
    '暂不支持该银行，请选择其他银行', 'This bank is not available. Please choose another bank.'),
  row('00060076', 'CARD_NOT_SUPPORTED', CUSTOMER_RETRY, 'cardNumber',
    '暂不支持该类型的银行卡，请更换其他银行卡', 'This type of card is not supported. Please use another card.'),
  row('00060101', 'CARD_NOT_SUPPORTED', CUSTOMER_RETRY, 'cardNumber',
    '该银行卡已被其他账户绑定，请更换其他银行卡', 'This card is already registered to another account. Please use another card.'),
  row('00060723', 'CARD_REJECTED', CUSTOMER_RETRY, undefined,
    '密码错误，请重新输入', 'The password is incorrect. Please try again.'),
  row('00060724', 'CARD_REJECTED', CUSTOMER_RETRY, undefined,
    '密码错误已超过3次，请更换其他银行卡或稍后再试', 'The password was entered wrongly more than three times. Please use another card or try again later.'),
  row('00060730', 'INSUFFICIENT_FUNDS', CUSTOMER_RETRY, undefined,
    '银行卡余额不足，请更换其他银行卡', 'The card balance is insufficient. Please use another card.'),
  // The customer's UMF account (saved-card agreements): paying with card details still works.
  row('00060310', 'PAYMENT_FAILED', CUSTOMER_RETRY, undefined,
    '您尚未签署该商户的支付协议，请重新输入银行卡信息支付', "You have not signed this merchant's payment agreement. Please pay by entering your card details."),
  row('00060314', 'PAYMENT_FAILED', CUSTOMER_RETRY, undefined,
    '用户未注册，请重新输入银行卡信息支付', 'Your account is not registered. Please pay by entering your card details.'),
  row('00060315', 'PAYMENT_FAILED', CUSTOMER_RETRY, undefined,
    '用户账户未激活，请更换其他银行卡支付', 'Your account is not active. Please pay with another card.'),
  // SMS codes.
  row('00200005', 'INVALID_SMS_CODE', CUSTOMER_RETRY, 'smsCode',
    '短信验证码错误或已失效，请重新输入', 'The SMS code is incorrect or has expired. Please enter it again.'),
  row('00200086', 'SMS_THROTTLED', CUSTOMER_RETRY, 'smsCode',
    '1分钟内只能获取一次验证码，请稍后再试', 'Only one code can be requested per minute. Please wait and try again.'),
  // Payments and orders.
  row('00060740', 'PAYMENT_FAILED', CUSTOMER_RETRY, undefined,
    '支付订单创建失败，请稍后重试', 'The payment could not be created. Please try again later.'),
  row('00060750', 'PAYMENT_FAILED', CUSTOMER_RETRY, undefined,
    '支付失败，请稍后重试或更换其他银行卡', 'The payment failed. Please try again or use another card.'),
  row('00060765', 'PAYMENT_FAILED', CUSTOMER_RETRY, undefined,
    '支付未成功，请更换其他银行卡或稍后重试', 'The payment was not successful. Please use another card or try again later.'),
  row('00060751', 'PAYMENT_EXPIRED', CUSTOMER_FINAL, undefined,
    '支付已超时，请重新下单', 'The payment has timed out. Please place your order again.'),
  row('00060762', 'PAYMENT_EXPIRED', CUSTOMER_FINAL, undefined,
    '支付已过期，请重新下单', 'The payment has expired. Please place your order again.'),
  row('00060761', 'PAYMENT_IN_PROCESS', CUSTOMER_FINAL, undefined,
    '支付处理中，请勿重复支付，稍后查看支付结果', "The payment is being processed. Please don't pay again; the result will follow shortly."),
  row('00060763', 'CHECKOUT_CLOSED', CUSTOMER_FINAL, undefined,
    '订单已关闭，如需购买请重新下单', 'This order is closed. Please place a new order if you still wish to buy.'),
  row('00060760', 'PAYMENT_NOT_FOUND', MERCHANT_FINAL, undefined,
    '支付订单不存在', 'The payment does not exist.'),
  row('00060764', 'PAYMENT_NOT_COMPLETED', MERCHANT_FINAL, undefined,
    '订单尚未支付', 'The order has not been paid.'),
  row('00202001', 'ORDER_INVALID', MERCHANT_FINAL, 'amount',
    '订单外币金额不能为空', "The order's foreign-currency amount is missing."),
  row('00202003', 'ORDER_INVALID', MERCHANT_FINAL, 'amount',
    '订单外币金额必须大于0', "The order's foreign-currency amount must be greater than zero."),
  // Refunds; "withdrawal" in UMF's English is a reversal (撤销) of a payment.
  row('00060766', 'REFUND_NOT_ALLOWED', MERCHANT_FINAL, undefined,
    '该笔交易不允许退款', 'This payment cannot be refunded.'),
  row('00060767', 'REFUND_FAILED', MERCHANT_RETRY, undefined,
    '退款申请失败，请稍后重试', 'The refund request failed. Please try again later.'),
  row('00060768', 'REFUND_AMOUNT_INVALID', MERCHANT_RETRY, 'amount',
    '退款金额与原支付金额不一致', 'The refund amount is inconsistent with the payment.'),
  row('00060769', 'REFUND_NOT_ALLOWED', MERCHANT_FINAL, undefined,
    '该笔交易不允许撤销', 'This transaction cannot be reversed.'),
  row('00060770', 'REFUND_AMOUNT_INVALID', MERCHANT_RETRY, 'amount',
    '撤销金额与原交易金额不一致', 'The reversal amount does not match the original transaction.'),
  row('00202009', 'REFUND_AMOUNT_INVALID', MERCHANT_RETRY, 'amount',
    '退款金额有误', 'The refund amount is incorrect.'),
  row('00202010', 'REFUND_AMOUNT_INVALID', MERCHANT_RETRY, 'amount',
    '退款金额与订单金额不一致', 'The refund amount is inconsistent with the order.'),
  row('00202011', 'REFUND_CURRENCY_MISMATCH', MERCHANT_RETRY, 'currency',
    '退款币种与订单币种不一致', 'The refund currency differs from the order currency.'),
  // Customs: the reference gives no meaning per code, so each names itself.
  ...CUSTOMS_CODES.map((umfCode) =>
    row(umfCode, 'CUSTOMS_REJECTED', MERCHANT_RETRY, undefined,
      `海关申报未通过（返回码 ${umfCode}），请核对申报信息后重新提交`,
      `The customs declaration was rejected (return code ${umfCode}). Check the declaration and submit it again.`),
  ),
]);

const BY_UMF_CODE: ReadonlyMap<string, ReturnCodeEntry> = new Map(
  RETURN_CODES.map((entry) => [entry.umfCode, entry]),
);

export function returnCodeEntry(umfCode: string): ReturnCodeEntry | undefined {
  return BY_UMF_CODE.get(umfCode.trim());
}

type DescriptionBase = {
  readonly umfCode: string;
  readonly field?: ErrorField;
  readonly retryable: boolean;
  readonly audience: Audience;
  /** The specific message; show it to a customer only when `audience` is `customer`. */
  readonly message: string;
  /** What the customer may read: the specific message, or its code's generic one. */
  readonly customerMessage: string;
  /** False when the code is not in the table (then it is described generically). */
  readonly known: boolean;
};
export type ErrorDescription = DescriptionBase & { readonly code: ErrorCode };
export type SuccessDescription = DescriptionBase & { readonly code: 'OK' };
export type ReturnCodeDescription = ErrorDescription | SuccessDescription;

export function describeReturnCode(umfCode: string, locale: Locale): ReturnCodeDescription {
  const entry = returnCodeEntry(umfCode);
  if (entry === undefined) return describeUnknown(umfCode, locale);
  const message = entry.messages[locale];
  const { code, field, retryable, audience } = entry;
  const base = { umfCode: entry.umfCode, retryable, audience, message, known: true };
  const withField = field === undefined ? base : { ...base, field };
  if (code === 'OK') return { ...withField, code, customerMessage: message };
  const customerMessage = audience === 'customer' ? message : messageFor(code, locale, field);
  return { ...withField, code, customerMessage };
}

/**
 * A code missing from the table (UMF adds codes over time): most likely the attempt failed, so
 * the customer may try again; the merchant's message names the code so that it gets added.
 */
function describeUnknown(umfCode: string, locale: Locale): ErrorDescription {
  const shown = /^[0-9A-Za-z_-]{1,32}$/.test(umfCode) ? umfCode : '?';
  const message =
    locale === 'zh-CN'
      ? `联动优势返回了未知的返回码 ${shown}，请求未成功`
      : `UMF answered with return code ${shown}, which is not in our table; the request did not succeed.`;
  return {
    umfCode,
    code: 'PAYMENT_FAILED',
    retryable: true,
    audience: 'merchant',
    message,
    customerMessage: messageFor('PAYMENT_FAILED', locale),
    known: false,
  };
}
