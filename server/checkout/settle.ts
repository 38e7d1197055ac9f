// Learning UMF's word on what is not known yet: an attempt's payment (execute in flight or its
// answer lost, a QR code shown) and a PENDING refund. One set of paths for every source —
// execute's or refund's own answer, a widget read, the reconciler and UMF's notifications —
// so each result lands, is published and queues its webhooks the same way.

import { isDecimalAmount, toCents } from '../domain/money.ts';
import { isAttemptFinal, isUmfRefundState } from '../domain/state.ts';
import type { Attempt, Checkout, Refund } from '../domain/types.ts';
import { isOutcomeUnknown, UmfError } from '../umf/errors.ts';
import type { Payment, Refund as UmfRefund } from '../umf/types.ts';
import type { ServiceCore, Settlement } from './core.ts';
import { chinaDate, umfReference } from './umf-requests.ts';

/** UMF's "does not exist" (an unknown payment or refund id, or a payment without refunds). */
const NOT_FOUND_CODE = '00060760';
/** UMF's "system busy": says nothing about whether the call had its effect. */
const SYSTEM_BUSY_CODE = '00060999';
const REPORT_PAGE_SIZE = 500;
const MAX_REPORT_PAGES = 40;

/**
 * UMF answered, signed, that it refused the call: it had no effect. A 5xx, a "system busy",
 * a timeout, a reset or an unverifiable answer prove nothing either way.
 */
export function isUmfRefusal(error: unknown): error is UmfError {
  return (
    error instanceof UmfError &&
    error.code === 'UMF_REFUSED' &&
    error.retCode !== SYSTEM_BUSY_CODE &&
    !isOutcomeUnknown(error)
  );
}

/** Our refund number, as UMF echoes the refund request: the merchant reference of its order. */
export function merchantRefundNumber(refund: UmfRefund): string | undefined {
  const candidates: unknown[] = [
    ...(Array.isArray(refund.orders) ? refund.orders.map((o) => o?.mer_reference_id) : []),
    (refund.refund_info as { mer_reference_id?: unknown } | undefined)?.mer_reference_id,
    (refund.order as { mer_reference_id?: unknown } | undefined)?.mer_reference_id,
    refund.mer_reference_id,
  ];
  return candidates.find((value): value is string => typeof value === 'string');
}

/** The refunded amount UMF states: `amount`, else the sum of its orders' amounts. */
function refundAmountOf(refund: UmfRefund): { cents: number; currency: string } | undefined {
  const stated = refund.amount as { total?: unknown; currency?: unknown } | undefined;
  const parts =
    stated?.total !== undefined ? [stated] : (refund.orders ?? []).map((order) => order?.amount);
  if (parts.length === 0) return undefined;
  let cents = 0;
  let currency: string | undefined;
  for (const part of parts) {
    const { total, currency: partCurrency } = (part ?? {}) as {
      total?: unknown;
      currency?: unknown;
    };
    if (typeof total !== 'string' || !isDecimalAmount(total) || typeof partCurrency !== 'string') {
      return undefined;
    }
    if (currency !== undefined && currency !== partCurrency) return undefined;
    currency = partCurrency;
    cents += toCents(total);
  }
  return currency === undefined ? undefined : { cents, currency };
}

function sameAmount(total: unknown, expected: string): boolean {
  return (
    typeof total === 'string' && isDecimalAmount(total) && toCents(total) === toCents(expected)
  );
}

/** Why a payment (a notification's) is not the one we asked for, or undefined when it is. */
export function paymentMismatch(
  checkout: Checkout,
  attempt: Attempt,
  payment: Payment,
): string | undefined {
  const order = payment.order;
  if (order?.mer_reference_id !== umfReference(checkout, attempt)) return 'order reference';
  if (!sameAmount(order.amount?.total, checkout.amount)) return 'amount';
  if (order.amount?.currency !== checkout.currency) return 'currency';
  return undefined;
}

/** Why a refund (a notification's) is not the one we asked for, or undefined when it is. */
export function refundMismatch(
  refund: Refund,
  attempt: Attempt | undefined,
  umfRefund: UmfRefund,
): string | undefined {
  const number = merchantRefundNumber(umfRefund);
  if (number !== undefined && number !== refund.id) return 'refund reference';
  if (umfRefund.parent_payment !== undefined && umfRefund.parent_payment !== attempt?.umfPaymentId)
    return 'payment reference';
  const amount = refundAmountOf(umfRefund);
  if (amount === undefined || amount.cents !== toCents(refund.amount)) return 'amount';
  if (amount.currency !== refund.currency) return 'currency';
  return undefined;
}

export type SettlementOptions = {
  /**
   * How long after an ambiguous execute or refund UMF's "still waiting" / "no such refund" is
   * believed: an execute or refund UMF received ends (or shows) well within it.
   */
  graceMs: number;
};

export function createSettlement(
  core: Omit<ServiceCore, 'settle'>,
  options: SettlementOptions,
): Settlement {
  const { store, logger } = core;

  async function applyRefund(
    refund: Refund,
    state: UmfRefund['state'],
    code?: string,
  ): Promise<Refund> {
    const applied = await store.applyRefundResult({ refundId: refund.id }, { state, code });
    if (!applied.ok) return refund;
    core.publish(applied.checkout, applied.changed);
    return applied.refund;
  }

  /** Our refund in UMF's transactions of the day it was sent (refund_no = our number). */
  async function listedRefund(refund: Refund): Promise<Record<string, unknown> | undefined> {
    const merDate = chinaDate(refund.createdAt);
    for (let pageNumber = 1; pageNumber <= MAX_REPORT_PAGES; pageNumber++) {
      const { transactions } = await core.umf.reports.transactions({
        merDate,
        pageNumber,
        pageSize: REPORT_PAGE_SIZE,
      });
      const found = transactions.refund_summaries.find((row) => row.refund_no === refund.id);
      if (found) return found;
      const total = Number(transactions.pagination?.total_count ?? 0);
      if (!(pageNumber * REPORT_PAGE_SIZE < total)) return undefined;
    }
    throw new Error(`more than ${MAX_REPORT_PAGES} pages of transactions on ${merDate}`);
  }

  return {
    applyRefund,

    /**
     * Asks UMF about an attempt's payment and applies a final state. WAIT_BUYER_PAY changes
     * nothing — unless execute's answer was lost and the grace period is over: then UMF never
     * ran it, and the attempt goes back to SMS_SENT. Throws when UMF could not be asked.
     */
    async attempt(attempt: Attempt): Promise<Checkout | undefined> {
      if (!attempt.umfPaymentId || isAttemptFinal(attempt.status)) return undefined;
      const { payment } = await core.umf.payments.get(attempt.umfPaymentId);
      if (payment.state !== 'WAIT_BUYER_PAY') return core.applyPayment(attempt, payment);
      const since = attempt.executeUnknownAt?.getTime();
      if (attempt.status !== 'PROCESSING' || since === undefined) return undefined;
      if (core.now().getTime() - since < options.graceMs) return undefined;
      const lapsed = await store.lapseExecute(attempt.id, options.graceMs);
      if (!lapsed.ok) return undefined;
      logger.warn(
        { attemptId: attempt.id, checkoutId: attempt.checkoutId },
        'execute never reached UMF: the customer may confirm again',
      );
      core.publish(lapsed.checkout, lapsed.changed);
      return lapsed.checkout;
    },

    /**
     * Asks UMF about a PENDING refund: by UMF's refund id when known, else among the payment's
     * refunds by our refund number. Applies a final state and records UMF's id when learned.
     * UMF knowing no such refund once the grace period is over — neither among the payment's
     * refunds nor in its transactions of that day — means it never received the request:
     * FAILED, and the amount is free again. Throws when UMF could not be asked.
     */
    async refund(refund: Refund): Promise<Refund> {
      if (refund.status !== 'PENDING') return refund;
      const attempt = await store.getAttempt({ attemptId: refund.attemptId });
      const key = refund.umfRefundId ?? attempt?.umfPaymentId;
      if (!key) return refund;
      let found: UmfRefund | undefined;
      try {
        const { refunds } = await core.umf.refunds.get(key);
        found = refunds.find((candidate) =>
          refund.umfRefundId
            ? candidate.id === refund.umfRefundId
            : merchantRefundNumber(candidate) === refund.id,
        );
      } catch (error) {
        if (!isUmfRefusal(error) || error.retCode !== NOT_FOUND_CODE) throw error;
      }
      if (found) {
        if (!refund.umfRefundId) await store.attachUmfRefund(refund.id, found.id);
        if (found.state === 'REFUND_PROCESS') {
          return (await store.getRefund({ refundId: refund.id })) ?? refund;
        }
        return applyRefund(refund, found.state);
      }
      if (refund.umfRefundId) return refund;
      if (core.now().getTime() - refund.createdAt.getTime() < options.graceMs) return refund;
      // UMF may not list refunds by payment id: its transactions of the refund's day must not
      // name our refund number either before "never arrived" is believed.
      const listed = await listedRefund(refund);
      if (listed) {
        const state = listed.state;
        return typeof state === 'string' && isUmfRefundState(state) && state !== 'REFUND_PROCESS'
          ? applyRefund(refund, state)
          : refund;
      }
      logger.warn(
        { refundId: refund.id, checkoutId: refund.checkoutId },
        'UMF has no record of the refund: it never arrived',
      );
      return applyRefund(refund, 'REFUND_FAIL', NOT_FOUND_CODE);
    },
  };
}
