// Guards shared by verify and execute: the payment exists, is a card payment and still open.
import type { SandboxContext } from './context.ts';
import { conflict, invalidParameter, refused } from './errors.ts';
import { findPayment } from './payments.ts';
import type { PaymentRecord } from './state.ts';

export function openCardPayment(ctx: SandboxContext, id: string | undefined): PaymentRecord {
  const payment = findPayment(ctx, id);
  if (payment.method !== 'CREDIT_CARD' && payment.method !== 'DEBIT_CARD')
    throw invalidParameter(
      `payment ${payment.id} is a ${payment.method} payment, not a card payment`,
    );
  if (payment.processing) throw conflict('00060761', `payment ${payment.id} is in process`);
  if (payment.state === 'TRADE_CLOSED' && payment.failCode === '00060751')
    throw refused('00060751', `payment ${payment.id} has expired`);
  if (payment.state !== 'WAIT_BUYER_PAY')
    throw refused('00060763', `payment ${payment.id} is closed (${payment.state})`);
  return payment;
}
