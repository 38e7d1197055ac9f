// What the merchant's backend does with its API key: create and cancel checkouts, refunds,
// exchange rates and UMF's reports.

import { askUmf, CheckoutError, checkoutErrorFromUmf, validationError } from '../domain/errors.ts';
import { convert, fromCents, isDecimalAmount, toCents } from '../domain/money.ts';
import { type CheckoutOrder, type SubOrder, TRANS_CODES } from '../domain/order.ts';
import { isCustomerId, type SaveCardPolicy } from '../domain/saved-card.ts';
import type { PaymentMethod } from '../domain/state.ts';
import type { Checkout } from '../domain/types.ts';
import type { CheckoutFilter, CheckoutPosition } from '../store/listing-ops.ts';
import type { CardType } from '../umf/types.ts';
import type { ServiceCore } from './core.ts';
import { refusalError } from './payment-steps.ts';
import { isUmfRefusal } from './settle.ts';
import { chinaDate } from './umf-requests.ts';

export type CreateCheckoutInput = {
  orderId: string;
  amount: string;
  currency: string;
  description: string;
  subOrders: SubOrder[];
  riskInfo: Record<string, string>;
  methods?: readonly PaymentMethod[] | null;
  expiresInMinutes?: number | null;
  customerIp?: string | null;
  /** The merchant's own id of the customer: their saved cards (docs/umf-protocol.md §17). */
  customerId?: string | null;
  /** Default ASK with a customerId, NEVER without. */
  saveCard?: SaveCardPolicy | null;
};

export type RefundPaymentInput = {
  checkoutId: string;
  amount: string;
  reason?: string | null;
  /** Any paid attempt of the checkout (a duplicate payment too); default: the counted one. */
  attemptId?: string | null;
};

const DEFAULT_METHODS: readonly PaymentMethod[] = [
  'DEBIT_CARD',
  'CREDIT_CARD',
  'WECHAT_SCAN',
  'ALIPAY_SCAN',
];
const RATE_TTL_MS = 60_000;

export function createMerchantOperations(core: ServiceCore) {
  const rates = new Map<string, { rate: string; at: number }>();

  async function exchangeRate(currency: string): Promise<string> {
    if (currency === 'CNY') return '1';
    const cached = rates.get(currency);
    if (cached && cached.at > core.now().getTime() - RATE_TTL_MS) return cached.rate;
    try {
      const { exchangeRates } = await core.umf.exchangeRates.get(currency);
      const found = exchangeRates.find((entry) => entry.currency === currency);
      if (!found) throw new CheckoutError('CURRENCY_NOT_SUPPORTED', { field: 'currency' });
      rates.set(currency, { rate: found.rate, at: core.now().getTime() });
      return found.rate;
    } catch (error) {
      if (error instanceof CheckoutError) throw error;
      throw checkoutErrorFromUmf(error);
    }
  }

  return {
    exchangeRate,

    async createCheckout(input: CreateCheckoutInput) {
      checkOrder(input);
      const rate = await exchangeRate(input.currency);
      const order: CheckoutOrder = {
        description: input.description,
        subOrders: input.subOrders,
        riskInfo: input.riskInfo,
        customerIp: input.customerIp ?? null,
        exchangeRate: rate,
        amountCny: convert(input.amount, rate),
      };
      const minutes = input.expiresInMinutes ?? 60;
      const created = await core.store.createCheckout({
        merchantOrderId: input.orderId,
        amount: input.amount,
        currency: input.currency,
        order,
        methods: input.methods?.length ? [...new Set(input.methods)] : DEFAULT_METHODS,
        expiresAt: new Date(core.now().getTime() + minutes * 60_000),
        customerId: input.customerId ?? null,
        saveCard: input.saveCard ?? (input.customerId ? 'ASK' : 'NEVER'),
      });
      if (!created.ok) throw refusalError(created);
      return { checkout: created.checkout, clientSecret: created.clientSecret };
    },

    async cancelCheckout(id: string) {
      const result = await core.store.cancelCheckout(id);
      if (!result.ok) throw refusalError(result);
      core.publish(result.checkout, result.changed);
      return result.checkout;
    },

    checkoutById: (id: string) => core.store.getCheckout(id),
    /** The merchant's checkouts, newest first (store/listing-ops.ts). */
    checkouts: (filter: CheckoutFilter, first: number, after?: CheckoutPosition | null) =>
      core.store.listCheckouts(filter, first, after),
    /**
     * The counted payment's refund totals: refunded = SUCCEEDED refunds; refundable = paid −
     * SUCCEEDED − PENDING (a pending refund's outcome may still take the money). Duplicate
     * payments are not counted (see each attempt's own totals).
     */
    async checkoutRefundTotals(checkout: Checkout) {
      const [balance, refunds] = await Promise.all([
        core.store.refundBalance(checkout.id),
        core.store.listRefunds(checkout.id),
      ]);
      const refunded = refunds
        .filter((r) => r.attemptId === checkout.paidAttemptId && r.status === 'SUCCEEDED')
        .reduce((sum, r) => sum + toCents(r.amount), 0);
      return {
        refunded: { amount: fromCents(refunded), currency: checkout.currency },
        refundable: { amount: balance?.refundable ?? '0.00', currency: checkout.currency },
      };
    },
    /** The checkout behind a UMF payment id (report lines). */
    async checkoutOfPayment(umfPaymentId: string) {
      const attempt = await core.store.getAttempt({ umfPaymentId });
      return attempt ? core.store.getCheckout(attempt.checkoutId) : undefined;
    },
    /** The checkout behind a UMF refund id (report lines). */
    async checkoutOfRefund(umfRefundId: string) {
      const refund = await core.store.getRefund({ umfRefundId });
      return refund ? core.store.getCheckout(refund.checkoutId) : undefined;
    },
    refund: (id: string) => core.store.getRefund({ refundId: id }),
    refunds: (checkoutId: string) => core.store.listRefunds(checkoutId),

    async refundPayment(input: RefundPaymentInput) {
      if (!isDecimalAmount(input.amount) || toCents(input.amount) <= 0) {
        throw validationError('amount');
      }
      const created = await core.store.createRefund(input.checkoutId, {
        amount: input.amount,
        ...(input.attemptId ? { attemptId: input.attemptId } : {}),
      });
      if (!created.ok) throw refusalError(created);
      const { checkout, refund } = created;
      const attempt = await core.store.getAttempt({ attemptId: refund.attemptId });
      const currency = checkout.currency;
      try {
        const answer = await core.umf.payments.refund(attempt!.umfPaymentId!, {
          // Our refund number (the row's id): how the refund is found at UMF when this answer is
          // lost, and the same on any retry.
          merchantRefundNo: refund.id,
          amount: { total: input.amount, currency },
          orgAmount: { total: checkout.amount, currency },
          merDate: chinaDate(core.now()),
          notifyUrl: core.notifyUrl,
        });
        await core.store.attachUmfRefund(refund.id, answer.refund.id);
        if (answer.refund.state === 'REFUND_PROCESS') {
          return (await core.store.getRefund({ refundId: refund.id })) ?? refund;
        }
        return await core.settle.applyRefund(refund, answer.refund.state);
      } catch (error) {
        if (isUmfRefusal(error)) {
          // UMF said no: nothing was refunded, and the amount is free again.
          await core.settle.applyRefund(refund, 'REFUND_FAIL', error.retCode ?? undefined);
          throw checkoutErrorFromUmf(error, { checkout });
        }
        // No answer to trust (timeout, reset, 5xx, bad signature): UMF may have refunded. The
        // refund stays PENDING and is never sent again; UMF is asked instead, now and by the
        // reconciler, and its notification ends it too.
        core.logger.warn(
          { refundId: refund.id, code: (error as { code?: unknown }).code },
          'refund outcome unknown',
        );
        return core.settle.refund(refund).catch(() => refund);
      }
    },

    async banks(cardType: CardType) {
      return (await askUmf(() => core.umf.banks.list(cardType))).banks;
    },

    async transactions(merDate: string, pageNumber: number, pageSize: number) {
      const query = { merDate, pageNumber, pageSize };
      return (await askUmf(() => core.umf.reports.transactions(query))).transactions;
    },

    /** UMF's transactions file of a merchant date, as UMF sent it. */
    async transactionsFile(merDate: string) {
      return (await askUmf(() => core.umf.reports.transactionsFile(merDate))).text;
    },

    /** UMF's reconciliation statement file of a date, as UMF sent it. */
    async reconciliationFile(settleDate: string) {
      return (await askUmf(() => core.umf.reports.reconciliationFile(settleDate))).text;
    },

    async reconciliation(settleDate: string, pageNumber: number, pageSize: number) {
      const query = { settleDate, pageNumber, pageSize };
      return (await askUmf(() => core.umf.reports.reconciliation(query))).reconciliations;
    },
  };
}

function checkOrder(input: CreateCheckoutInput): void {
  if (input.customerId != null && !isCustomerId(input.customerId))
    throw validationError('customerId');
  if (input.customerId == null && input.saveCard != null && input.saveCard !== 'NEVER')
    throw validationError('customerId', 'saveCard ASK or ALWAYS needs a customerId');
  if (!/^[A-Za-z0-9_-]{1,28}$/.test(input.orderId)) throw validationError('orderId');
  if (!isDecimalAmount(input.amount) || toCents(input.amount) <= 0) {
    throw validationError('amount');
  }
  if (input.description.trim().length === 0 || input.description.length > 128) {
    throw validationError('description', 'description must be 1–128 characters');
  }
  if (input.subOrders.length === 0) throw validationError('subOrders', 'at least one sub-order');
  let sum = 0;
  for (const sub of input.subOrders) {
    if (!isDecimalAmount(sub.amount) || toCents(sub.amount) <= 0) {
      throw validationError('subOrders', `sub-order ${sub.id}: amount`);
    }
    if (!(TRANS_CODES as readonly string[]).includes(sub.transCode)) {
      throw new CheckoutError('TRANS_CODE_UNKNOWN', {
        field: 'subOrders',
        detail: `unknown trans code ${sub.transCode}`,
      });
    }
    for (const item of sub.items) {
      if (!isDecimalAmount(item.amount) || item.quantity < 1) throw validationError('items');
    }
    sum += toCents(sub.amount);
  }
  if (sum !== toCents(input.amount)) {
    throw new CheckoutError('SUB_ORDER_SUM_MISMATCH', {
      field: 'amount',
      detail: 'the sub-order amounts must add up to the amount',
    });
  }
  if (
    input.expiresInMinutes != null &&
    (input.expiresInMinutes < 5 || input.expiresInMinutes > 1440)
  ) {
    throw validationError('expiresInMinutes', 'expiresInMinutes must be between 5 and 1440');
  }
}
