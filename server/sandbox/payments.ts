// Payments: create (docs/umf-protocol.md §5.3) and query (§5.6).
import { bankTakes, isCardType } from './banks.ts';
import { apiUrl, type SandboxContext } from './context.ts';
import { badRequest, conflict, invalidParameter, notFound, refused } from './errors.ts';
import { watchExpiry } from './expiry.ts';
import { type ApiRequest, type ApiResult, json } from './handler.ts';
import { checkHostedPayment } from './hosted-payment.ts';
import { asRecord } from './http.ts';
import { newId } from './ids.ts';
import { convertCents, formatCents } from './money.ts';
import { type ParsedOrder, parseOrder } from './order.ts';
import { paymentView } from './payment-view.ts';
import { checkPayerInfoSpelling, checkRiskInfoSpelling, payerInfoMember } from './spelling.ts';
import { PAYMENT_METHODS, type PaymentMethod, type PaymentRecord } from './state.ts';
import { mainlandPhoneValid } from './validate.ts';
import { wechatPayInfo } from './wechat.ts';

export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function findPayment(ctx: SandboxContext, id: string | undefined): PaymentRecord {
  const payment = id === undefined ? undefined : ctx.state.payments.get(id);
  if (!payment) throw notFound('00060760', `payment ${id} does not exist`);
  return payment;
}

const PAYER_FIELDS = ['interface_type', 'business_type', 'external_customer_id'] as const;

/** The payer kept and echoed: whitelisted fields only, never card data. */
function safePayer(payer: Record<string, unknown>, method: PaymentMethod) {
  const kept: Record<string, unknown> = { payment_method: method };
  if (typeof payer.bank_code === 'string') kept.bank_code = payer.bank_code;
  for (const field of PAYER_FIELDS) if (payer[field] !== undefined) kept[field] = payer[field];
  const info = asRecord(payer.payer_info) ?? {};
  const safeInfo: Record<string, unknown> = {};
  if (info.phone !== undefined) safeInfo.phone = info.phone;
  return { payer: kept, info, safeInfo };
}

/** In UMF's SDK enums, but online banking is in no public client's requests: not played here. */
const ONLINE_BANKING = ['B2B_ONLINE_BANKING', 'B2C_ONLINE_BANKING'];
/** interface_type values of the reference and UMF's SDK (SERVER_TO_H5WEB: the mobile page). */
const INTERFACE_TYPES = ['SERVER_TO_SERVER', 'SERVER_TO_WEB', 'SERVER_TO_H5WEB', 'DIRECT_TO_BANK'];

function checkPayer(payer: Record<string, unknown> | undefined): PaymentMethod {
  const method = payer?.payment_method as PaymentMethod;
  if (ONLINE_BANKING.includes(String(payer?.payment_method)))
    throw refused(
      '00060114',
      `payer.payment_method ${String(payer?.payment_method)} (online banking) is not enabled for this merchant`,
    );
  if (!payer || !PAYMENT_METHODS.includes(method))
    throw invalidParameter(`payer.payment_method must be one of ${PAYMENT_METHODS.join(', ')}`);
  if (payer.interface_type !== undefined && !INTERFACE_TYPES.includes(String(payer.interface_type)))
    throw invalidParameter(`payer.interface_type must be one of ${INTERFACE_TYPES.join(', ')}`);
  if (isCardType(method) && !bankTakes(String(payer.bank_code), method))
    throw invalidParameter(`payer.bank_code ${String(payer.bank_code)} does not take ${method}`);
  const phone = asRecord(payer.payer_info)?.phone;
  if (phone !== undefined && !mainlandPhoneValid(phone))
    throw badRequest('00060720', 'payer.payer_info.phone must be 11 digits starting with 1');
  return method;
}

function refuseSecondPayment(ctx: SandboxContext, orderId: string): void {
  for (const other of ctx.state.payments.ofOrder(orderId)) {
    if (other.state === 'TRADE_SUCCESS')
      throw conflict('00060740', `order ${orderId} is already paid by ${other.id}`);
    if (other.state === 'WAIT_BUYER_PAY')
      throw conflict('00060740', `order ${orderId} already has an open payment ${other.id}`);
  }
}

function addWalletInfo(ctx: SandboxContext, record: PaymentRecord, info: Record<string, unknown>) {
  const payerInfo = record.payer.payer_info as Record<string, unknown>;
  if (record.method === 'WECHAT_SCAN' || record.method === 'ALIPAY_SCAN') {
    record.qrCodeUrl = `${ctx.origin()}/__sandbox/qr/${record.id}`;
    payerInfo.qr_code_scan = { qr_code_url: record.qrCodeUrl };
  } else if (record.method === 'WECHAT_WEB') {
    const openId = payerInfoMember(info, 'wechat_in_app_web')?.open_id;
    if (typeof openId !== 'string' || openId === '')
      throw invalidParameter('payer.payer_info.wechat_in_app_web.open_id is required');
    record.payInfo = wechatPayInfo(record.id, ctx.clock.now());
    payerInfo.wechat_in_app_web = { open_id: openId, pay_info: record.payInfo };
  } else if (record.method === 'WECHAT_IN_APP') {
    record.payInfo = wechatPayInfo(record.id, ctx.clock.now());
    payerInfo.wechat_in_app = { pay_info: record.payInfo };
  }
}

function newPaymentRecord(
  ctx: SandboxContext,
  method: PaymentMethod,
  payer: Record<string, unknown>,
  parsed: ParsedOrder,
  body: Record<string, unknown>,
): PaymentRecord {
  const rate = ctx.rates.get(parsed.amount.currency) ?? '1';
  const cnyCents = convertCents(parsed.amount.cents, rate);
  const now = ctx.clock.now();
  const amount = {
    total: parsed.amount.total,
    currency: parsed.amount.currency,
    total_cny: formatCents(cnyCents),
    exchange_rate: { rate, currency: parsed.amount.currency },
  };
  return {
    id: newId('PAY_'),
    method,
    payer,
    order: { ...parsed.order, amount },
    orderId: parsed.orderId,
    merDate: parsed.merDate,
    amountCents: parsed.amount.cents,
    currency: parsed.amount.currency,
    cnyCents,
    rate,
    notifyUrl: String(body.notify_url),
    retUrl: body.ret_url as string | undefined,
    riskInfo: body.risk_info,
    state: 'WAIT_BUYER_PAY',
    processing: false,
    failCode: undefined,
    createdAt: now,
    expiresAt: now + parsed.expireMinutes * 60_000,
    finishedAt: undefined,
    card: undefined,
    agreementId: undefined,
    merCustId: undefined,
    settleAt: undefined,
    smsCode: undefined,
    smsSentAt: [],
    executions: 0,
    refundedCents: 0n,
    payInfo: undefined,
    qrCodeUrl: undefined,
  };
}

export function createPayment(ctx: SandboxContext, request: ApiRequest): ApiResult {
  const body = request.body;
  const payerIn = asRecord(body.payer);
  const method = checkPayer(payerIn);
  if (method === 'NOT_APPLICABLE') checkHostedPayment(payerIn, body);
  const sentInfo = asRecord(payerIn?.payer_info);
  if (sentInfo) checkPayerInfoSpelling(sentInfo, ctx.settings.strict);
  checkRiskInfoSpelling(body.risk_info, ctx.settings.strict);
  const parsed = parseOrder(body.order, ctx.rates, ctx.settings.strict);
  if (!isHttpUrl(body.notify_url)) throw invalidParameter('notify_url must be an http(s) URL');
  if (body.ret_url !== undefined && !isHttpUrl(body.ret_url))
    throw invalidParameter('ret_url must be an http(s) URL');
  refuseSecondPayment(ctx, parsed.orderId);
  const { payer, info, safeInfo } = safePayer(payerIn ?? {}, method);
  const record = newPaymentRecord(ctx, method, { ...payer, payer_info: safeInfo }, parsed, body);
  addWalletInfo(ctx, record, info);
  ctx.state.payments.set(record.id, record);
  watchExpiry(ctx, record);
  const view = paymentView(ctx, record);
  return json({ payment: view, links: view.links });
}

export function getPayment(ctx: SandboxContext, request: ApiRequest): ApiResult {
  const payment = findPayment(ctx, request.params[0]);
  const view = paymentView(ctx, payment);
  return json({ payment: view, links: view.links });
}

export function paymentHref(ctx: SandboxContext, id: string): string {
  return apiUrl(ctx, `/payments/payment/${id}`);
}
