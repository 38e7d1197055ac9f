// UMF return codes (docs/umf-protocol.md §9) mapped to the stable error codes of our GraphQL contract,
// with the field at fault, whether another try can succeed, who may read the specific
// message, and that message in zh-CN and en. One table: the sandbox, the client and the
// schema's error types all read it.

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Stable codes a merchant frontend can switch on; coarser than UMF's codes on purpose. */
export const ERROR_CODES = [
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
  /** The idempotency key was already used with other input: a new request needs a new key. */
  'IDEMPOTENCY_KEY_REUSED',
  /** The first request with this idempotency key is still running: retry after `retryAt`. */
  'IDEMPOTENCY_KEY_IN_USE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** `OK` exists only for UMF's success code `0000`; it is never an error's code. */
export type ReturnCode = ErrorCode | 'OK';

export const SUCCESS_CODE = '0000';

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
] as const;
export type ErrorField = (typeof ERROR_FIELDS)[number];

/**
 * `customer`: the specific message may be shown to the customer as is. `merchant`: it speaks
 * of the merchant's setup or back office; show the customer the generic message of its code.
 */
export type Audience = 'customer' | 'merchant';

export type Messages = Readonly<Record<Locale, string>>;

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

/**
 * The message of each code, safe to show any customer: what a merchant-audience entry says
 * is replaced by this. For VALIDATION, FIELD_MESSAGES says which input is wrong.
 */
// biome-ignore format: one line per code
export const CODE_MESSAGES: Readonly<Record<ErrorCode, Messages>> = Object.freeze({
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
  PAYMENT_FAILED: { 'zh-CN': '支付未成功，请稍后重试或更换其他银行卡', en: 'The payment was not successful. Please try again or use another card.' },
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
});

/** VALIDATION messages per input, phrased as what to enter. */
// biome-ignore format: one line per field
export const FIELD_MESSAGES: Readonly<Record<ErrorField, Messages>> = Object.freeze({
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
  idempotencyKey: { 'zh-CN': '幂等键须为16至255个字母、数字或 - _ . : ~ + / = 字符，且请求头与参数中的幂等键须一致', en: 'The idempotency key must be 16–255 letters, digits or - _ . : ~ + / =, and the same in the Idempotency-Key header and the input.' },
});

/** A message for one of our codes; VALIDATION with a field says which input to correct. */
export function messageFor(code: ErrorCode, locale: Locale, field?: ErrorField): string {
  if (code === 'VALIDATION' && field !== undefined) return FIELD_MESSAGES[field][locale];
  return CODE_MESSAGES[code][locale];
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
