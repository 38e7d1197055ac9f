import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromCents, isDecimalAmount, toCents } from '../../../server/domain/money.ts';
import {
  ATTEMPT_TRANSITIONS,
  AttemptStatus,
  attemptStatusFromUmf,
  CHECKOUT_RANK,
  CHECKOUT_TRANSITIONS,
  type CheckoutEvent,
  CheckoutStatus,
  canAttemptTransition,
  canRefundTransition,
  canTransition,
  checkoutAfter,
  EVENT_ACCEPTED_IN,
  isAttemptFinal,
  isAttemptPaid,
  isCheckoutOpen,
  isUmfPaymentState,
  RefundStatus,
  refundCountsAgainstPaid,
  refundStatusFromUmf,
  successOutcome,
} from '../../../server/domain/state.ts';

const ALL = Object.values(CheckoutStatus);
const ALLOWED: [CheckoutStatus, CheckoutStatus][] = [
  ['OPEN', 'OPEN'],
  ['OPEN', 'SMS_SENT'],
  ['OPEN', 'AWAITING_CUSTOMER'],
  ['OPEN', 'SUCCEEDED'],
  ['OPEN', 'FAILED'],
  ['OPEN', 'EXPIRED'],
  ['OPEN', 'CANCELED'],
  ['SMS_SENT', 'SMS_SENT'],
  ['SMS_SENT', 'OPEN'],
  ['SMS_SENT', 'PROCESSING'],
  ['SMS_SENT', 'SUCCEEDED'],
  ['SMS_SENT', 'FAILED'],
  ['SMS_SENT', 'EXPIRED'],
  ['SMS_SENT', 'CANCELED'],
  ['AWAITING_CUSTOMER', 'OPEN'],
  ['AWAITING_CUSTOMER', 'SUCCEEDED'],
  ['AWAITING_CUSTOMER', 'FAILED'],
  ['AWAITING_CUSTOMER', 'EXPIRED'],
  ['AWAITING_CUSTOMER', 'CANCELED'],
  ['PROCESSING', 'SMS_SENT'],
  ['PROCESSING', 'OPEN'],
  ['PROCESSING', 'SUCCEEDED'],
  ['PROCESSING', 'FAILED'],
  ['PROCESSING', 'EXPIRED'],
  ['FAILED', 'SUCCEEDED'],
  ['EXPIRED', 'SUCCEEDED'],
];

describe('checkout transitions', () => {
  for (const from of ALL) {
    for (const to of ALL) {
      const allowed = ALLOWED.some(([f, t]) => f === from && t === to);
      test(`${allowed ? 'allows' : 'refuses'} ${from} → ${to}`, () => {
        assert.equal(canTransition(from, to), allowed);
      });
    }
  }

  test('never leaves SUCCEEDED', () => {
    assert.deepEqual(CHECKOUT_TRANSITIONS.SUCCEEDED, []);
  });

  test('leaves a checkout closed unpaid by itself only for SUCCEEDED, the highest rank', () => {
    for (const from of ['FAILED', 'EXPIRED'] as const) {
      assert.deepEqual(CHECKOUT_TRANSITIONS[from], ['SUCCEEDED']);
    }
    assert.ok(ALL.every((s) => s === 'SUCCEEDED' || CHECKOUT_RANK[s] < CHECKOUT_RANK.SUCCEEDED));
  });

  test("never leaves CANCELED: the merchant's cancel stands, a later payment is a duplicate", () => {
    assert.deepEqual(CHECKOUT_TRANSITIONS.CANCELED, []);
  });

  test('never moves from a closed status back to an open one', () => {
    for (const [from, to] of ALLOWED) {
      if (!isCheckoutOpen(from)) assert.ok(!isCheckoutOpen(to), `${from} → ${to}`);
    }
  });

  test('moves to a lower rank only to start over within the open states', () => {
    const down = ALLOWED.filter(([f, t]) => CHECKOUT_RANK[t] < CHECKOUT_RANK[f]);
    assert.deepEqual(down, [
      ['SMS_SENT', 'OPEN'],
      ['AWAITING_CUSTOMER', 'OPEN'],
      ['PROCESSING', 'SMS_SENT'],
      ['PROCESSING', 'OPEN'],
    ]);
  });
});

describe('checkout events', () => {
  const cases: [CheckoutStatus, CheckoutEvent, CheckoutStatus | undefined][] = [
    ['OPEN', { type: 'SMS_SENT' }, 'SMS_SENT'],
    ['SMS_SENT', { type: 'SMS_SENT' }, 'SMS_SENT'],
    ['OPEN', { type: 'CUSTOMER_PROMPTED' }, 'AWAITING_CUSTOMER'],
    ['SMS_SENT', { type: 'EXECUTE_CLAIMED' }, 'PROCESSING'],
    ['OPEN', { type: 'EXECUTE_CLAIMED' }, undefined],
    ['PROCESSING', { type: 'EXECUTE_CLAIMED' }, undefined],
    ['PROCESSING', { type: 'EXECUTE_RELEASED' }, 'SMS_SENT'],
    ['PROCESSING', { type: 'EXECUTE_LAPSED' }, 'SMS_SENT'],
    ['SMS_SENT', { type: 'EXECUTE_LAPSED' }, undefined],
    ['OPEN', { type: 'EXECUTE_LAPSED' }, undefined],
    ['SUCCEEDED', { type: 'EXECUTE_LAPSED' }, undefined],
    ['SMS_SENT', { type: 'ATTEMPT_STARTED' }, 'OPEN'],
    ['AWAITING_CUSTOMER', { type: 'ATTEMPT_STARTED' }, 'OPEN'],
    ['PROCESSING', { type: 'ATTEMPT_STARTED' }, undefined],
    ['PROCESSING', { type: 'ATTEMPT_SUCCEEDED' }, 'SUCCEEDED'],
    ['EXPIRED', { type: 'ATTEMPT_SUCCEEDED' }, 'SUCCEEDED'],
    ['SUCCEEDED', { type: 'ATTEMPT_SUCCEEDED' }, undefined],
    ['FAILED', { type: 'ATTEMPT_SUCCEEDED' }, 'SUCCEEDED'],
    ['CANCELED', { type: 'ATTEMPT_SUCCEEDED' }, undefined],
    ['PROCESSING', { type: 'ATTEMPT_ENDED', next: 'RETRY' }, 'OPEN'],
    ['PROCESSING', { type: 'ATTEMPT_ENDED', next: 'FAILED' }, 'FAILED'],
    ['PROCESSING', { type: 'ATTEMPT_ENDED', next: 'EXPIRED' }, 'EXPIRED'],
    ['AWAITING_CUSTOMER', { type: 'ATTEMPT_ENDED', next: 'RETRY' }, 'OPEN'],
    ['SUCCEEDED', { type: 'ATTEMPT_ENDED', next: 'FAILED' }, undefined],
    ['SMS_SENT', { type: 'EXPIRED' }, 'EXPIRED'],
    ['PROCESSING', { type: 'EXPIRED' }, undefined],
    ['PROCESSING', { type: 'CANCELED' }, undefined],
    ['AWAITING_CUSTOMER', { type: 'CANCELED' }, 'CANCELED'],
    ['SUCCEEDED', { type: 'CANCELED' }, undefined],
    ['CANCELED', { type: 'EXPIRED' }, undefined],
  ];
  for (const [from, event, to] of cases) {
    const name = `${event.type}${'next' in event ? `(${event.next})` : ''}`;
    test(`${name} in ${from} → ${to ?? 'refused'}`, () => {
      assert.equal(checkoutAfter(from, event), to);
    });
  }

  test('every accepted event leads along an allowed transition', () => {
    for (const [type, froms] of Object.entries(EVENT_ACCEPTED_IN)) {
      for (const from of froms) {
        const events: CheckoutEvent[] =
          type === 'ATTEMPT_ENDED'
            ? (['RETRY', 'FAILED', 'EXPIRED'] as const).map((next) => ({ type, next }))
            : [{ type } as CheckoutEvent];
        for (const event of events) assert.notEqual(checkoutAfter(from, event), undefined);
      }
    }
  });
});

describe('duplicate payments', () => {
  const cases: [CheckoutStatus, string | null, 'COUNTED' | 'DUPLICATE'][] = [
    ['OPEN', null, 'COUNTED'],
    ['AWAITING_CUSTOMER', null, 'COUNTED'],
    ['SMS_SENT', null, 'COUNTED'],
    ['PROCESSING', null, 'COUNTED'],
    ['EXPIRED', null, 'COUNTED'],
    ['FAILED', null, 'COUNTED'],
    ['CANCELED', null, 'DUPLICATE'],
    ['SUCCEEDED', 'at_paid', 'DUPLICATE'],
  ];
  for (const [status, paidAttemptId, outcome] of cases) {
    test(`a success on a ${status} checkout${paidAttemptId ? ' with a counted payment' : ''} is ${outcome}`, () => {
      assert.equal(successOutcome({ status, paidAttemptId }), outcome);
    });
  }

  test('a paid attempt is a succeeded or a duplicate one: both can be refunded', () => {
    assert.deepEqual(Object.values(AttemptStatus).filter(isAttemptPaid), [
      'SUCCEEDED',
      'DUPLICATE_PAID',
    ]);
  });

  test('a superseded attempt still takes UMF’s success or its duplicate, never a live state', () => {
    assert.deepEqual(ATTEMPT_TRANSITIONS.SUPERSEDED, [
      'SUCCEEDED',
      'FAILED',
      'CLOSED',
      'DUPLICATE_PAID',
    ]);
    for (const from of ['CREATED', 'SMS_SENT', 'AWAITING_CUSTOMER'] as const) {
      assert.ok(canAttemptTransition(from, 'SUPERSEDED'), from);
    }
  });
});

describe('attempt transitions', () => {
  test('never moves a final attempt', () => {
    for (const status of Object.values(AttemptStatus)) {
      if (isAttemptFinal(status)) assert.deepEqual(ATTEMPT_TRANSITIONS[status], [], status);
    }
  });

  test('lets UMF’s final word land on attempts closed only locally', () => {
    for (const from of ['SUPERSEDED', 'ABANDONED'] as const) {
      assert.ok(canAttemptTransition(from, 'SUCCEEDED'));
      assert.ok(!canAttemptTransition(from, 'SMS_SENT'));
    }
  });

  test('allows going back from PROCESSING only to SMS_SENT (code rejected, or an execute UMF never received)', () => {
    assert.ok(canAttemptTransition('PROCESSING', 'SMS_SENT'));
    assert.ok(!canAttemptTransition('PROCESSING', 'CREATED'));
    assert.ok(!canAttemptTransition('PROCESSING', 'SUPERSEDED'));
    assert.ok(!canAttemptTransition('SMS_SENT', 'CREATED'));
  });
});

describe('UMF state mapping', () => {
  const payments = [
    ['WAIT_BUYER_PAY', undefined],
    ['TRADE_SUCCESS', 'SUCCEEDED'],
    ['TRADE_FAIL', 'FAILED'],
    ['TRADE_CLOSED', 'CLOSED'],
    ['TRADE_CANCEL', 'CLOSED'],
  ] as const;
  for (const [state, status] of payments) {
    test(`maps payment ${state} to ${status ?? 'no change'}`, () => {
      assert.equal(attemptStatusFromUmf(state), status);
    });
  }

  const refunds = [
    ['REFUND_PROCESS', 'PENDING'],
    ['REFUND_SUCCESS', 'SUCCEEDED'],
    ['REFUND_FAIL', 'FAILED'],
    ['REFUND_CLOSE', 'CLOSED'],
  ] as const;
  for (const [state, status] of refunds) {
    test(`maps refund ${state} to ${status}`, () => {
      assert.equal(refundStatusFromUmf(state), status);
    });
  }

  test('recognises only UMF’s payment states', () => {
    assert.ok(isUmfPaymentState('TRADE_SUCCESS'));
    assert.ok(!isUmfPaymentState('toString'));
    assert.ok(!isUmfPaymentState('trade_success'));
  });

  test('moves a refund only out of PENDING; pending and succeeded count against the payment', () => {
    for (const from of Object.values(RefundStatus)) {
      for (const to of Object.values(RefundStatus)) {
        assert.equal(canRefundTransition(from, to), from === 'PENDING' && to !== 'PENDING');
      }
    }
    assert.deepEqual(Object.values(RefundStatus).filter(refundCountsAgainstPaid), [
      'PENDING',
      'SUCCEEDED',
    ]);
  });
});

describe('money', () => {
  test('converts decimal strings to cents and back without floats', () => {
    assert.equal(toCents('100.02'), 10002);
    assert.equal(toCents('0.1'), 10);
    assert.equal(toCents('9999999.99'), 999999999);
    assert.equal(fromCents(10002), '100.02');
    assert.equal(fromCents(5), '0.05');
    assert.equal(toCents('0.29') + toCents('0.01'), toCents('0.30'));
  });

  test('rejects what is not a UMF amount', () => {
    for (const bad of ['1.234', '-1', '01.00', '1e2', '', '.5', '12345678.90', ' 1']) {
      assert.equal(isDecimalAmount(bad), false, bad);
    }
  });
});
