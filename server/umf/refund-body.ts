// The refund request body in each shape real UMF clients send (UmfProtocol.refundShape). All
// three carry our merchant refund number as the refund order's `mer_reference_id`, the value
// UMF reports back as the refund number in its transactions file.
import type { UmfProtocol } from './protocol.ts';
import type { RefundRequest } from './types.ts';

export function refundBody(
  paymentId: string,
  request: RefundRequest,
  shape: UmfProtocol['refundShape'],
): Record<string, unknown> {
  const order = {
    mer_reference_id: request.merchantRefundNo,
    mer_date: request.merDate,
    amount: request.amount,
    ...(request.subOrders ? { sub_orders: request.subOrders } : {}),
  };
  const notify = request.notifyUrl === undefined ? {} : { notify_url: request.notifyUrl };
  switch (shape) {
    case 'reference':
      return { org_amount: request.orgAmount, orders: [order], ...notify };
    case 'sdk': {
      // As UMF's QA tool fills the SDK's order against UAT: no mer_date.
      const { mer_date: _date, ...sdkOrder } = order;
      return { order: sdkOrder, ...notify };
    }
    case 'demo': {
      const summary = request.summary === undefined ? {} : { refund_summary: request.summary };
      return { refund_info: { ...order, ...summary }, ...notify, parent_payment: paymentId };
    }
  }
}

/** Why a refund request cannot be sent, or null. */
export function refundProblem(request: RefundRequest): string | null {
  const no = request.merchantRefundNo;
  if (typeof no !== 'string' || !/^[\w-]{1,64}$/.test(no))
    return 'merchantRefundNo must be 1 to 64 letters, digits, "_" or "-"';
  if (!/^\d{8}$/.test(request.merDate)) return 'merDate must be YYYYMMDD';
  return null;
}
