// The public error contract shared by the browser and the server: the stable codes a caller
// can switch on, the inputs an error can point at, and the one wording of each in zh-CN and
// en. The server localises an error's `message` from this table and the widget's own checks
// read it too, so a code says the same thing wherever it is shown. UMF's return codes map
// onto these codes in server/umf/return-codes.ts. The few codes a browser shows without a server
// answer have their wording in client-error-messages.ts (spread in below). Imports nothing else.

import { CLIENT_CODE_MESSAGES } from './client-error-messages.ts';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** The merchant-only codes (merchant mutations with an idempotency key); the widget never sees them. */
export const MERCHANT_ONLY_CODES = [
  /** The idempotency key was already used with other input: a new request needs a new key. */
  'IDEMPOTENCY_KEY_REUSED',
  /** The first request with this idempotency key is still running: retry after `retryAt`. */
  'IDEMPOTENCY_KEY_IN_USE',
  /** createCheckout: a checkout for this order id exists already (one per order id, ever). */
  'ORDER_ID_IN_USE',
  /** createCheckout: the sub-order amounts do not add up to the checkout amount. */
  'SUB_ORDER_SUM_MISMATCH',
  /** createCheckout: a sub-order's `transCode` is not one of UMF's transaction codes. */
  'TRANS_CODE_UNKNOWN',
  /** declareCustoms: the sub-order is not marked `isCustoms`, or is not one of the checkout's. */
  'CUSTOMS_NOT_DECLARABLE',
  /** declareCustoms: the sub-order has a declaration that did not fail; see `customsDeclarations`. */
  'CUSTOMS_ALREADY_DECLARED',
] as const;

/** Every code a widget (customer) operation can answer. */
export const CUSTOMER_ERROR_CODES = [
  /** An input failed a check (ours before sending, or UMF's parameter check); see `field`. */
  'VALIDATION',
  'CARD_NUMBER_INVALID',
  'CARD_EXPIRED',
  /** The bank or UMF refused the card details (wrong details, wrong password, locked). */
  'CARD_REJECTED',
  /** This card (type, or a card bound elsewhere) cannot be used here: use another card. */
  'CARD_NOT_SUPPORTED',
  /** The chosen bank is not available to this customer or merchant: choose another bank. */
  'BANK_NOT_SUPPORTED',
  'ID_NUMBER_INVALID',
  'PHONE_INVALID',
  /** Name and ID number do not match (real-name check failed). */
  'NAME_OR_ID_MISMATCH',
  /** An SMS code was requested too soon after the previous one: wait, then ask again. */
  'SMS_THROTTLED',
  /** No more SMS codes for this payment. */
  'SMS_LIMIT_REACHED',
  'INVALID_SMS_CODE',
  'INSUFFICIENT_FUNDS',
  /** The payment attempt failed; another attempt (possibly another card) may succeed. */
  'PAYMENT_FAILED',
  /** The payment's time ran out: the customer must order again. */
  'PAYMENT_EXPIRED',
  /** The outcome is not known yet: wait for it, do not pay again. */
  'PAYMENT_IN_PROCESS',
  'PAYMENT_NOT_FOUND',
  /** The operation (refund, customs) needs a paid order. */
  'PAYMENT_NOT_COMPLETED',
  /** The checkout (UMF: the order) is closed, finished, canceled or expired. */
  'CHECKOUT_CLOSED',
  /** No checkout matches the client secret or id (unknown, or not this caller's). */
  'CHECKOUT_NOT_FOUND',
  /** The payment step refers to an attempt that a newer one replaced: start again. */
  'ATTEMPT_NOT_CURRENT',
  /** Too many requests from this checkout or address: wait until `retryAt`. */
  'RATE_LIMITED',
  /** The order the merchant created is invalid (e.g. its amount): the merchant must fix it. */
  'ORDER_INVALID',
  'REFUND_NOT_ALLOWED',
  'REFUND_FAILED',
  'REFUND_AMOUNT_INVALID',
  'REFUND_CURRENCY_MISMATCH',
  'CURRENCY_NOT_SUPPORTED',
  'CUSTOMS_REJECTED',
  /** Credentials, keys, registration or permissions of the merchant at UMF. */
  'MERCHANT_CONFIGURATION',
  /** UMF (or the way to it) is busy or failing: try again later. */
  'UPSTREAM_UNAVAILABLE',
  /** A fault of ours; details only in the server log. */
  'INTERNAL',
] as const;
export type CustomerErrorCode = (typeof CUSTOMER_ERROR_CODES)[number];

/**
 * Stable codes a merchant frontend can switch on; coarser than UMF's codes on purpose. Built in
 * a call marked pure: a bare spread at module level may run an iterator, so a bundler would keep
 * both lists (and this one) in every bundle that imports this module, the widget's too.
 */
export const ERROR_CODES = /* @__PURE__ */ (() =>
  [...CUSTOMER_ERROR_CODES, ...MERCHANT_ONLY_CODES] as const)();
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Customer-facing inputs an error can point at. */
export const ERROR_FIELDS = [
  'paymentMethod',
  'bank',
  'cardNumber',
  'expiry',
  'cvv2',
  'holderName',
  'idNumber',
  'phone',
  'smsCode',
  'amount',
  'currency',
  'clientSecret',
  'orderId',
  'returnUrl',
  'openId',
  'items',
  'attemptId',
  'idempotencyKey',
  'description',
  'subOrders',
  'expiresInMinutes',
  'subOrderId',
  'date',
  'first',
  'after',
  'customsId',
  'merchantCustomsCode',
  'customerId',
  'savedCard',
] as const;
export type ErrorField = (typeof ERROR_FIELDS)[number];

export type Messages = Readonly<Record<Locale, string>>;

/**
 * The message of each code, safe to show any customer: what a merchant-audience entry says
 * is replaced by this. For VALIDATION, FIELD_MESSAGES says which input is wrong.
 */
// biome-ignore format: one line per code
export const CODE_MESSAGES: Readonly<Record<ErrorCode, Messages>> = /* @__PURE__ */ Object.freeze({
  ...CLIENT_CODE_MESSAGES,
  VALIDATION: { 'zh-CN': '填写的信息有误，请核对后重试', en: 'Some details are not valid. Please check them and try again.' },
  CARD_NUMBER_INVALID: { 'zh-CN': '银行卡号有误，请核对后重新输入', en: 'The card number is not valid. Please check it and try again.' },
  CARD_EXPIRED: { 'zh-CN': '银行卡已过期，请更换其他银行卡', en: 'This card has expired. Please use another card.' },
  CARD_REJECTED: { 'zh-CN': '银行卡验证未通过，请核对信息或更换其他银行卡', en: 'The card was declined. Please check the details or use another card.' },
  CARD_NOT_SUPPORTED: { 'zh-CN': '暂不支持该银行卡，请更换其他银行卡', en: 'This card is not supported. Please use another card.' },
  BANK_NOT_SUPPORTED: { 'zh-CN': '暂不支持该银行，请选择其他银行', en: 'This bank is not available. Please choose another bank.' },
  ID_NUMBER_INVALID: { 'zh-CN': '身份证号码有误，请核对后重新输入', en: 'The ID number is not valid. Please check it and try again.' },
  PHONE_INVALID: { 'zh-CN': '手机号码有误，请输入银行预留手机号', en: 'The phone number is incorrect. Please enter the number registered with your bank.' },
  NAME_OR_ID_MISMATCH: { 'zh-CN': '姓名或身份证号码与银行预留信息不一致，请核对后重试', en: "The name or ID number does not match the bank's records. Please check them and try again." },
  SMS_THROTTLED: { 'zh-CN': '验证码获取过于频繁，请稍后再试', en: 'Codes were requested too often. Please wait a moment and try again.' },
  SMS_LIMIT_REACHED: { 'zh-CN': '验证码获取次数已达上限，请重新下单', en: 'The limit of verification codes has been reached. Please place your order again.' },
  INVALID_SMS_CODE: { 'zh-CN': '短信验证码错误，请重新输入', en: 'The SMS code is incorrect. Please enter it again.' },
  INSUFFICIENT_FUNDS: { 'zh-CN': '银行卡余额不足，请更换其他银行卡', en: 'The card balance is insufficient. Please use another card.' },
  PAYMENT_EXPIRED: { 'zh-CN': '支付已超时，请重新下单', en: 'The payment has timed out. Please place your order again.' },
  PAYMENT_IN_PROCESS: { 'zh-CN': '支付处理中，请勿重复支付，稍后查看支付结果', en: "The payment is being processed. Please don't pay again; the result will follow shortly." },
  PAYMENT_NOT_FOUND: { 'zh-CN': '未找到该笔支付', en: 'The payment could not be found.' },
  PAYMENT_NOT_COMPLETED: { 'zh-CN': '该订单尚未支付成功', en: 'This order has not been paid.' },
  CHECKOUT_CLOSED: { 'zh-CN': '订单已关闭，无法继续支付', en: 'This order is closed and can no longer be paid.' },
  CHECKOUT_NOT_FOUND: { 'zh-CN': '未找到该订单，请返回商户页面重新下单', en: 'This checkout could not be found. Please return to the shop and try again.' },
  ATTEMPT_NOT_CURRENT: { 'zh-CN': '支付信息已更新，请重新获取验证码', en: 'Your payment details changed. Please request a new code.' },
  RATE_LIMITED: { 'zh-CN': '操作过于频繁，请稍后再试', en: 'Too many requests. Please wait a moment and try again.' },
  ORDER_INVALID: { 'zh-CN': '订单信息有误，请联系商户', en: 'There is a problem with this order. Please contact the merchant.' },
  REFUND_NOT_ALLOWED: { 'zh-CN': '该笔交易不支持退款', en: 'This payment cannot be refunded.' },
  REFUND_FAILED: { 'zh-CN': '退款失败，请稍后重试', en: 'The refund failed. Please try again later.' },
  REFUND_AMOUNT_INVALID: { 'zh-CN': '退款金额有误', en: 'The refund amount is not valid.' },
  REFUND_CURRENCY_MISMATCH: { 'zh-CN': '退款币种与原支付币种不一致', en: 'The refund currency differs from the payment currency.' },
  CURRENCY_NOT_SUPPORTED: { 'zh-CN': '商户暂不支持该币种，请联系商户', en: 'The merchant cannot accept this currency. Please contact the merchant.' },
  CUSTOMS_REJECTED: { 'zh-CN': '海关申报未通过', en: 'The customs declaration was rejected.' },
  MERCHANT_CONFIGURATION: { 'zh-CN': '商户暂时无法收款，请联系商户或稍后再试', en: 'The merchant cannot accept payments at the moment. Please contact the merchant or try again later.' },
  UPSTREAM_UNAVAILABLE: { 'zh-CN': '支付服务暂时不可用，请稍后再试', en: 'The payment service is temporarily unavailable. Please try again shortly.' },
  INTERNAL: { 'zh-CN': '系统异常，请稍后再试', en: 'Something went wrong on our side. Please try again later.' },
  IDEMPOTENCY_KEY_REUSED: { 'zh-CN': '该幂等键已用于参数不同的请求，新请求请使用新的幂等键', en: 'This idempotency key was already used with different input. Use a new key for a new request.' },
  IDEMPOTENCY_KEY_IN_USE: { 'zh-CN': '使用该幂等键的请求仍在处理中，请稍后重试', en: 'A request with this idempotency key is still being processed. Please try again shortly.' },
  ORDER_ID_IN_USE: { 'zh-CN': '该订单号已有支付单，每个订单号只能创建一次', en: 'A checkout for this order id exists already: each order id is used once.' },
  SUB_ORDER_SUM_MISMATCH: { 'zh-CN': '子订单金额之和与订单金额不一致', en: 'The sub-order amounts do not add up to the checkout amount.' },
  TRANS_CODE_UNKNOWN: { 'zh-CN': '子订单的交易类型代码无效', en: "A sub-order's transaction code is not one of UMF's codes." },
  CUSTOMS_NOT_DECLARABLE: { 'zh-CN': '该子订单无需或不能进行海关申报', en: 'This sub-order is not marked for customs, or is not part of the checkout.' },
  CUSTOMS_ALREADY_DECLARED: { 'zh-CN': '该子订单已提交海关申报', en: 'This sub-order has a customs declaration already.' },
});

/** VALIDATION messages per input, phrased as what to enter. */
// biome-ignore format: one line per field
export const FIELD_MESSAGES: Readonly<Record<ErrorField, Messages>> = /* @__PURE__ */ Object.freeze({
  paymentMethod: { 'zh-CN': '请选择支付方式', en: 'Please choose a payment method.' },
  bank: { 'zh-CN': '请选择银行', en: 'Please choose a bank.' },
  cardNumber: { 'zh-CN': '请输入正确的银行卡号', en: 'Please enter a valid card number.' },
  expiry: { 'zh-CN': '请输入正确的有效期（月/年），且不早于本月', en: 'Please enter a valid expiry date (MM/YY) that has not passed.' },
  cvv2: { 'zh-CN': '请输入卡背面的3位安全码', en: 'Please enter the 3-digit security code on the back of the card.' },
  holderName: { 'zh-CN': '请输入持卡人姓名', en: "Please enter the cardholder's name." },
  idNumber: { 'zh-CN': '请输入正确的18位身份证号码', en: 'Please enter a valid 18-character resident ID number.' },
  phone: { 'zh-CN': '请输入正确的11位手机号码', en: 'Please enter a valid 11-digit mobile number.' },
  smsCode: { 'zh-CN': '请输入6位短信验证码', en: 'Please enter the 6-digit SMS code.' },
  amount: { 'zh-CN': '金额有误', en: 'The amount is not valid.' },
  currency: { 'zh-CN': '不支持该币种', en: 'This currency is not supported.' },
  clientSecret: { 'zh-CN': '支付链接无效，请返回商户页面重新下单', en: 'This payment link is not valid. Please return to the shop.' },
  orderId: { 'zh-CN': '订单号有误', en: 'The order id is not valid.' },
  returnUrl: { 'zh-CN': '返回地址无效', en: 'The return address is not allowed.' },
  openId: { 'zh-CN': '微信授权已失效，请重新授权', en: 'WeChat authorisation expired. Please authorise again.' },
  items: { 'zh-CN': '商品信息有误', en: 'The order items are not valid.' },
  attemptId: { 'zh-CN': '该支付尝试不属于此订单', en: 'This payment attempt does not belong to the checkout.' },
  description: { 'zh-CN': '订单描述须为1至128个字符', en: 'The description must be 1–128 characters.' },
  subOrders: { 'zh-CN': '请至少提供一个子订单，且每个子订单的金额须有效', en: 'Give at least one sub-order, each with a valid amount.' },
  expiresInMinutes: { 'zh-CN': '有效时长须为5至1440分钟', en: 'expiresInMinutes must be between 5 and 1440.' },
  subOrderId: { 'zh-CN': '子订单号有误', en: 'The sub-order id is not valid.' },
  date: { 'zh-CN': '日期须为YYYYMMDD格式', en: 'The date must be YYYYMMDD.' },
  first: { 'zh-CN': '每页数量须为1至100', en: 'first must be between 1 and 100.' },
  after: { 'zh-CN': '分页游标无效', en: 'The cursor is not valid.' },
  customsId: { 'zh-CN': '请填写海关代码（1至32个字母或数字）', en: 'Give the customs office code (1–32 letters or digits).' },
  merchantCustomsCode: { 'zh-CN': '请填写商户海关备案编号（1至64个字符）', en: "Give the merchant's customs registration code (1–64 characters)." },
  idempotencyKey: { 'zh-CN': '幂等键须为16至255个字母、数字或 - _ . : ~ + / = 字符，且请求头与参数中的幂等键须一致', en: 'The idempotency key must be 16–255 letters, digits or - _ . : ~ + / =, and the same in the Idempotency-Key header and the input.' },
  customerId: { 'zh-CN': '客户标识须为1至32个字母、数字或 _ . @ - 字符', en: 'The customer id must be 1–32 letters, digits or _ . @ -.' },
  savedCard: { 'zh-CN': '该已保存的银行卡不可用，请使用其他银行卡', en: 'This saved card is not available. Please use another card.' },
});

/** A message for one of our codes; VALIDATION with a field says which input to correct. */
export function messageFor(code: ErrorCode, locale: Locale, field?: ErrorField): string {
  if (code === 'VALIDATION' && field !== undefined) return FIELD_MESSAGES[field][locale];
  return CODE_MESSAGES[code][locale];
}
