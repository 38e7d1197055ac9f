// Every word of the sandbox's hosted payment page (UMF's cashier), in Chinese (the default, as
// UMF's own page) and English. Error texts are keyed by the UMF return code the API path
// answers with for the same card, so both paths tell the customer the same thing.

export type CashierLang = 'zh-CN' | 'en';

export type CashierField =
  | 'cardType'
  | 'bank'
  | 'cardNumber'
  | 'expiry'
  | 'cvv2'
  | 'holderName'
  | 'idNumber'
  | 'phone'
  | 'smsCode';

type FieldText = { label: string; hint?: string; required: string };

export type CashierText = {
  title: string;
  sandboxNote: string;
  otherLanguage: { label: string; lang: CashierLang };
  amountDue: string;
  orderLine: (orderId: string, amount: string) => string;
  cardHeading: string;
  debit: string;
  credit: string;
  chooseBank: string;
  fields: Record<CashierField, FieldText>;
  getCode: string;
  cancel: string;
  fixFields: (n: number) => string;
  smsHeading: string;
  smsSentTo: (phone: string) => string;
  /** The sandbox has no phone: where the code can be read. */
  smsLog: string;
  cardLine: (bank: string, lastFour: string) => string;
  pay: (amount: string) => string;
  resend: string;
  resendIn: (seconds: number) => string;
  changeCard: string;
  resultHeading: Record<'success' | 'processing' | 'failed' | 'closed', string>;
  resultText: Record<'success' | 'processing' | 'failed' | 'closed', string>;
  refresh: string;
  returnToMerchant: string;
  notFound: string;
  notHosted: string;
  /** By UMF return code. */
  codes: Record<string, string>;
};

const zhCN: CashierText = {
  title: '联动优势收银台',
  sandboxNote: '沙箱环境：不会发生真实扣款',
  otherLanguage: { label: 'English', lang: 'en' },
  amountDue: '应付金额',
  orderLine: (orderId, amount) => `订单号 ${orderId} · ${amount}`,
  cardHeading: '银行卡支付',
  debit: '借记卡',
  credit: '信用卡',
  chooseBank: '请选择银行',
  fields: {
    cardType: { label: '卡种', required: '请选择卡种' },
    bank: { label: '发卡银行', required: '请选择发卡银行' },
    cardNumber: { label: '银行卡号', required: '请输入银行卡号' },
    expiry: { label: '有效期（月/年）', hint: '仅信用卡，如 09/28', required: '请输入有效期' },
    cvv2: { label: '安全码（CVV2）', hint: '仅信用卡，卡背面 3 位数字', required: '请输入安全码' },
    holderName: { label: '持卡人姓名', required: '请输入持卡人姓名' },
    idNumber: { label: '身份证号', required: '请输入身份证号' },
    phone: { label: '银行预留手机号', required: '请输入手机号' },
    smsCode: { label: '短信验证码', required: '请输入短信验证码' },
  },
  getCode: '获取验证码',
  cancel: '取消支付，返回商户',
  fixFields: (n) => `有 ${n} 项需要修改`,
  smsHeading: '输入短信验证码',
  smsSentTo: (phone) => `验证码已发送至 ${phone}`,
  smsLog: '沙箱：在短信记录中查看验证码',
  cardLine: (bank, lastFour) => `${bank}（尾号 ${lastFour}）`,
  pay: (amount) => `确认支付 ${amount}`,
  resend: '重新获取验证码',
  resendIn: (seconds) => `${seconds} 秒后可重新获取`,
  changeCard: '更换银行卡',
  resultHeading: {
    success: '支付成功',
    processing: '支付处理中',
    failed: '支付失败',
    closed: '订单已关闭',
  },
  resultText: {
    success: '款项已付，请返回商户查看订单。',
    processing: '银行正在处理，结果将通知商户。',
    failed: '本次支付未成功。',
    closed: '此笔支付已关闭，不能再付款。',
  },
  refresh: '刷新结果',
  returnToMerchant: '返回商户',
  notFound: '找不到这笔支付。',
  notHosted: '这笔支付不在收银台付款。',
  codes: {
    '00060875': '卡号有误，请核对',
    '00200025': '银行卡信息有误，请核对',
    '00200026': '银行卡已过期',
    '00200027': '该银行暂不支持此卡种',
    '00060022': '身份证号有误',
    '00060720': '手机号有误，应为 11 位大陆手机号',
    '00080706': '获取验证码过于频繁，请一分钟后再试',
    '00080707': '本订单获取验证码次数已达上限',
    '00200005': '验证码错误，请重新输入',
    '00060730': '余额不足',
    '00060765': '支付失败',
    '00060750': '支付失败',
    '00060751': '支付已超时',
    CVV2: '安全码应为 3 位数字',
    EXPIRY: '有效期格式应为 月/年，如 09/28',
    CANCELED: '您已取消支付',
  },
};

const en: CashierText = {
  title: 'UMF checkout',
  sandboxNote: 'Sandbox: no real money moves',
  otherLanguage: { label: '中文', lang: 'zh-CN' },
  amountDue: 'Amount due',
  orderLine: (orderId, amount) => `Order ${orderId} · ${amount}`,
  cardHeading: 'Pay by bank card',
  debit: 'Debit card',
  credit: 'Credit card',
  chooseBank: 'Choose a bank',
  fields: {
    cardType: { label: 'Card type', required: 'Choose the card type' },
    bank: { label: 'Issuing bank', required: 'Choose the issuing bank' },
    cardNumber: { label: 'Card number', required: 'Enter the card number' },
    expiry: {
      label: 'Expiry (MM/YY)',
      hint: 'Credit cards only, e.g. 09/28',
      required: 'Enter the expiry',
    },
    cvv2: {
      label: 'Security code (CVV2)',
      hint: 'Credit cards only: 3 digits on the back',
      required: 'Enter the security code',
    },
    holderName: { label: 'Cardholder name', required: 'Enter the cardholder name' },
    idNumber: { label: 'Resident ID number', required: 'Enter the ID number' },
    phone: { label: 'Phone number at the bank', required: 'Enter the phone number' },
    smsCode: { label: 'SMS code', required: 'Enter the SMS code' },
  },
  getCode: 'Get SMS code',
  cancel: 'Cancel and return to the merchant',
  fixFields: (n) => (n === 1 ? '1 field needs attention' : `${n} fields need attention`),
  smsHeading: 'Enter the SMS code',
  smsSentTo: (phone) => `We sent a code to ${phone}`,
  smsLog: 'Sandbox: read the code in the SMS log',
  cardLine: (bank, lastFour) => `${bank} (ending ${lastFour})`,
  pay: (amount) => `Pay ${amount}`,
  resend: 'Send a new code',
  resendIn: (seconds) => `New code in ${seconds} s`,
  changeCard: 'Use another card',
  resultHeading: {
    success: 'Payment successful',
    processing: 'Payment processing',
    failed: 'Payment failed',
    closed: 'Payment closed',
  },
  resultText: {
    success: 'The payment went through. Return to the merchant to see your order.',
    processing: 'The bank is processing it; the merchant will be told the result.',
    failed: 'This payment did not go through.',
    closed: 'This payment is closed and can no longer be paid.',
  },
  refresh: 'Refresh',
  returnToMerchant: 'Return to the merchant',
  notFound: 'No such payment.',
  notHosted: 'This payment is not paid on the checkout page.',
  codes: {
    '00060875': 'The card number is not valid',
    '00200025': 'The card details are incorrect',
    '00200026': 'The card has expired',
    '00200027': 'This bank does not take this card type here',
    '00060022': 'The ID number is not valid',
    '00060720': 'The phone number must be an 11-digit mainland number',
    '00080706': 'Codes were requested too often: wait a minute',
    '00080707': 'No more codes can be sent for this order',
    '00200005': 'The SMS code is wrong: type it again',
    '00060730': 'Insufficient balance',
    '00060765': 'The payment failed',
    '00060750': 'The payment failed',
    '00060751': 'The payment has expired',
    CVV2: 'The security code is 3 digits',
    EXPIRY: 'Enter the expiry as MM/YY, e.g. 09/28',
    CANCELED: 'You canceled the payment',
  },
};

export const CASHIER_TEXT: Readonly<Record<CashierLang, CashierText>> = { 'zh-CN': zhCN, en };

/** ?lang= first, then the browser's first language; Chinese unless English is preferred. */
export function cashierLang(query: string | null, acceptLanguage: string | undefined): CashierLang {
  if (query === 'en' || query === 'zh-CN') return query;
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

/** A code's text, or the generic failure. */
export function codeText(t: CashierText, code: string | undefined): string {
  return (code && t.codes[code]) || t.codes['00060750'];
}
