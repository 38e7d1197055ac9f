// Enums mirroring UMF (docs/umf-protocol.md §7); their names are part of the GraphQL contract.

import { CHECKOUT_STATUSES } from '../../common/checkout-status.ts';
import { CURRENCIES } from '../../common/currencies.ts';
import { ERROR_CODES, ERROR_FIELDS } from '../../common/error-codes.ts';
import { SAVE_CARD_POLICIES } from '../domain/saved-card.ts';
import { AttemptStatus, PAYMENT_METHODS, REFUND_STATUSES } from '../domain/state.ts';
import { builder } from './builder.ts';

export const PaymentMethodEnum = builder.enumType('PaymentMethod', { values: PAYMENT_METHODS });

export const CardTypeEnum = builder.enumType('CardType', {
  values: ['CREDIT_CARD', 'DEBIT_CARD'] as const,
});

export const CurrencyEnum = builder.enumType('Currency', { values: CURRENCIES });

export const CheckoutStatusEnum = builder.enumType('CheckoutStatus', {
  values: CHECKOUT_STATUSES,
});

export const PaymentAttemptStatusEnum = builder.enumType('PaymentAttemptStatus', {
  description:
    'SUPERSEDED: replaced before it was paid (a new QR code, another method). ' +
    'DUPLICATE_PAID: paid, but not counted by its checkout (another attempt was paid first, ' +
    'or the checkout was canceled): refunded in full, automatically by default.',
  values: Object.values(AttemptStatus),
});

export const RefundStatusEnum = builder.enumType('RefundStatus', { values: REFUND_STATUSES });

export const ErrorCodeEnum = builder.enumType('ErrorCode', { values: ERROR_CODES });

export const ErrorFieldEnum = builder.enumType('ErrorField', { values: ERROR_FIELDS });

export const SaveCardPolicyEnum = builder.enumType('SaveCardPolicy', {
  description:
    'Whether the widget offers to remember the card (a UMF payer agreement): NEVER; ASK — ' +
    '"remember this card", unticked until the customer ticks it; ALWAYS — saved, the customer ' +
    'is told so. Needs a customerId.',
  values: SAVE_CARD_POLICIES,
});
