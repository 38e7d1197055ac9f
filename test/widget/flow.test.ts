/// <reference types="mocha" />
// widget/flow/flow.ts: the pure reducer, one transition per test. No DOM, no server.
import { expect } from '@open-wc/testing';
import {
  type Attempt,
  type Checkout,
  type CheckoutError,
  isFinal,
  type PaymentMethod,
} from '../../widget/api/client.ts';
import {
  choicesFor,
  type FlowAction,
  type FlowState,
  follow,
  initialState,
  reduce,
} from '../../widget/flow/flow.ts';
import { QR_CODE } from '../support/fixtures.ts';

const ALL: PaymentMethod[] = [
  'DEBIT_CARD',
  'CREDIT_CARD',
  'WECHAT_SCAN',
  'ALIPAY_SCAN',
  'WECHAT_WEB',
];

/** A maker of test values: a fresh copy of `defaults`, with a test's own patch on top. */
const patched =
  <T>(defaults: T) =>
  (patch: Partial<T> = {}): T => ({ ...structuredClone(defaults), ...patch });

const checkout = patched<Checkout>({
  id: 'co_1',
  status: 'OPEN',
  version: 1,
  orderId: 'ord_1',
  description: 'Tea',
  amount: { amount: '10.00', currency: 'USD' },
  amountCny: { amount: '71.00', currency: 'CNY' },
  exchangeRate: '7.1',
  items: [],
  methods: ALL,
  expiresAt: '2030-01-01T00:00:00.000Z',
  encryptionKey: { modulus: 'ab', exponent: '010001', keyId: 'k1' },
  attempt: null,
  saveCard: 'NEVER',
  savedCards: [],
});

const attempt = patched<Attempt>({
  id: 'att_1',
  method: 'DEBIT_CARD',
  bankCode: 'ICBC',
  status: 'SMS_SENT',
  phone: '138****8000',
  smsRetryAt: '2030-01-01T00:01:00.000Z',
  qrContent: null,
  qrCode: null,
  failureCode: null,
  failureMessage: null,
});

const error = patched<CheckoutError>({
  __typename: 'CheckoutError',
  code: 'CARD_REJECTED',
  message: 'The card details are incorrect.',
  umfCode: null,
  field: null,
  errorRetryAt: null,
  errorCheckout: null,
});

/** Runs actions from `state` in order. */
const run = (state: FlowState, ...actions: FlowAction[]) => actions.reduce(reduce, state);

const loaded = (c: Checkout = checkout(), allowed: string[] | null = null, inWechat = false) =>
  reduce(initialState, { type: 'loaded', checkout: c, allowed, inWechat });

/** A state on a step, for a checkout offering every method. */
const atBank = () => run(loaded(), { type: 'choose', choice: 'CARD' });
const atCard = () => run(atBank(), { type: 'bank', bankCode: 'ICBC' });
const atSms = (c = checkout({ status: 'SMS_SENT', version: 2, attempt: attempt() })) =>
  run(atCard(), {
    type: 'sms-sent',
    checkout: c,
    attemptId: 'att_1',
    retryAt: '2030-01-01T00:01:00.000Z',
  });

/** The state, asserted to be on `step` and narrowed to it. */
function on<S extends FlowState['step']>(state: FlowState, step: S): FlowState & { step: S } {
  expect(state.step).to.equal(step);
  return state as FlowState & { step: S };
}

describe('flow: choicesFor', () => {
  it('offers one card choice with both card types, then the wallets', () => {
    const { choices, cardTypes } = choicesFor(ALL, null, false);
    expect(choices).to.deep.equal(['CARD', 'WECHAT_SCAN', 'ALIPAY_SCAN']);
    expect(cardTypes).to.deep.equal(['DEBIT_CARD', 'CREDIT_CARD']);
  });

  it('narrows the choices to the methods attribute', () => {
    const { choices, cardTypes } = choicesFor(ALL, ['CREDIT_CARD', 'ALIPAY_SCAN'], false);
    expect(choices).to.deep.equal(['CARD', 'ALIPAY_SCAN']);
    expect(cardTypes).to.deep.equal(['CREDIT_CARD']);
  });

  it('never offers a method the checkout lacks, whatever the attribute says', () => {
    const { choices } = choicesFor(['DEBIT_CARD'], ['DEBIT_CARD', 'ALIPAY_SCAN'], false);
    expect(choices).to.deep.equal(['CARD']);
  });

  it('offers WeChat in place of a WeChat QR code inside WeChat’s browser', () => {
    expect(choicesFor(ALL, null, true).choices).to.deep.equal([
      'CARD',
      'WECHAT_WEB',
      'ALIPAY_SCAN',
    ]);
  });

  it('offers no card choice when no card type is enabled', () => {
    const { choices, cardTypes } = choicesFor(['WECHAT_SCAN'], null, false);
    expect(choices).to.deep.equal(['WECHAT_SCAN']);
    expect(cardTypes).to.deep.equal([]);
  });
});

describe('flow: loading', () => {
  it('starts loading with no notice', () => {
    expect(initialState).to.deep.equal({ step: 'loading', notice: null });
  });

  it('shows the method step for an open checkout with several choices', () => {
    const state = on(loaded(), 'method');
    expect(state.choices).to.deep.equal(['CARD', 'WECHAT_SCAN', 'ALIPAY_SCAN']);
    expect(state.cardType).to.equal('DEBIT_CARD');
  });

  it('skips the method step when cards are the only choice', () => {
    const state = on(loaded(checkout({ methods: ['CREDIT_CARD'] })), 'bank');
    expect(state.query).to.equal('');
    expect(state.cardType).to.equal('CREDIT_CARD');
  });

  it('goes straight to the QR step when one wallet is the only choice', () => {
    const state = on(loaded(checkout(), ['ALIPAY_SCAN']), 'qr');
    expect(state.method).to.equal('ALIPAY_SCAN');
    expect(state.qrContent).to.equal(null);
    expect(state.expiresAt).to.equal('2030-01-01T00:00:00.000Z');
  });

  it('resumes a reloaded card payment on the card step with the attempt’s bank and card type', () => {
    const c = checkout({
      status: 'SMS_SENT',
      attempt: attempt({ method: 'CREDIT_CARD', bankCode: 'CMB' }),
    });
    const state = on(loaded(c), 'card');
    expect(state.bankCode).to.equal('CMB');
    expect(state.cardType).to.equal('CREDIT_CARD');
    expect(state.resume?.id).to.equal('att_1');
  });

  it('resumes a waiting QR payment with its code', () => {
    const c = checkout({
      status: 'AWAITING_CUSTOMER',
      attempt: attempt({ method: 'WECHAT_SCAN', status: 'AWAITING', qrContent: 'weixin://x' }),
    });
    const state = on(loaded(c), 'qr');
    expect(state.method).to.equal('WECHAT_SCAN');
    expect(state.qrContent).to.equal('weixin://x');
  });

  it('shows processing for a checkout whose payment is being executed', () => {
    on(loaded(checkout({ status: 'PROCESSING', attempt: attempt() })), 'processing');
  });

  it('shows success for a paid checkout', () => {
    expect(on(loaded(checkout({ status: 'SUCCEEDED' })), 'result').outcome).to.equal('success');
  });

  it('shows failure for an expired checkout', () => {
    expect(on(loaded(checkout({ status: 'EXPIRED' })), 'result').outcome).to.equal('failure');
  });

  it('keeps the load error as a notice on the loading step', () => {
    const state = reduce(initialState, { type: 'load-failed', notice: { code: 'NETWORK' } });
    expect(state).to.deep.equal({ step: 'loading', notice: { code: 'NETWORK' } });
  });

  it('clears the load error when the load is retried', () => {
    const failed = reduce(initialState, { type: 'load-failed', notice: { code: 'NETWORK' } });
    expect(reduce(failed, { type: 'pending' })).to.deep.equal(initialState);
  });

  it('ignores other actions while loading', () => {
    expect(reduce(initialState, { type: 'choose', choice: 'CARD' })).to.equal(initialState);
  });
});

describe('flow: method and bank', () => {
  it('goes to the bank step when the customer chooses a bank card', () => {
    expect(on(atBank(), 'bank').query).to.equal('');
  });

  it('goes to the QR step when the customer chooses Alipay', () => {
    const state = on(run(loaded(), { type: 'choose', choice: 'ALIPAY_SCAN' }), 'qr');
    expect(state.method).to.equal('ALIPAY_SCAN');
  });

  it('goes to the WeChat step when the customer chooses WeChat inside WeChat', () => {
    const state = run(loaded(checkout(), null, true), { type: 'choose', choice: 'WECHAT_WEB' });
    on(state, 'wechat');
  });

  it('clears an old notice when a method is chosen', () => {
    const state = run(loaded(), { type: 'network' }, { type: 'choose', choice: 'CARD' });
    expect(on(state, 'bank').notice).to.equal(null);
  });

  it('switches the card type on the bank step and forgets the bank', () => {
    const state = run(
      atBank(),
      { type: 'bank', bankCode: 'ICBC' },
      { type: 'back' },
      {
        type: 'card-type',
        cardType: 'CREDIT_CARD',
      },
    );
    const bank = on(state, 'bank');
    expect(bank.cardType).to.equal('CREDIT_CARD');
    expect(bank.bankCode).to.equal(null);
  });

  it('ignores a card type switch away from the bank step', () => {
    const card = atCard();
    expect(reduce(card, { type: 'card-type', cardType: 'CREDIT_CARD' })).to.equal(card);
  });

  it('keeps loaded banks per card type', () => {
    const banks = [{ code: 'ICBC', name: 'ICBC', nameZh: '中国工商银行', logoUrl: null }];
    const state = on(run(atBank(), { type: 'banks', cardType: 'DEBIT_CARD', banks }), 'bank');
    expect(state.banks).to.deep.equal({ DEBIT_CARD: banks });
  });

  it('keeps the search text on the bank step', () => {
    expect(on(run(atBank(), { type: 'search', query: 'icbc' }), 'bank').query).to.equal('icbc');
  });

  it('goes to the card step with the chosen bank', () => {
    const state = on(atCard(), 'card');
    expect(state.bankCode).to.equal('ICBC');
    expect(state.resume).to.equal(null);
  });
});

describe('flow: back', () => {
  it('goes back from the bank step to the method step', () => {
    on(run(atBank(), { type: 'back' }), 'method');
  });

  it('stays on the bank step when cards are the only choice', () => {
    const bank = loaded(checkout({ methods: ['DEBIT_CARD'] }));
    expect(reduce(bank, { type: 'back' })).to.equal(bank);
  });

  it('goes back from the card step to the bank step', () => {
    on(run(atCard(), { type: 'back' }), 'bank');
  });

  it('goes back from the SMS step to an empty card form', () => {
    expect(on(run(atSms(), { type: 'back' }), 'card').resume).to.equal(null);
  });

  it('clears errors and the busy state on the way back', () => {
    const state = run(atCard(), { type: 'pending' }, { type: 'network' }, { type: 'back' });
    const bank = on(state, 'bank');
    expect(bank.notice).to.equal(null);
    expect(bank.pending).to.equal(false);
  });
});

describe('flow: card form', () => {
  it('marks a request in flight and drops the notice', () => {
    const state = on(run(atCard(), { type: 'network' }, { type: 'pending' }), 'card');
    expect(state.pending).to.equal(true);
    expect(state.notice).to.equal(null);
  });

  it('sets a field’s error', () => {
    const state = run(atCard(), {
      type: 'field',
      field: 'cardNumber',
      error: { problem: 'checksum' },
    });
    expect(on(state, 'card').errors).to.deep.equal({ cardNumber: { problem: 'checksum' } });
  });

  it('clears a field’s error', () => {
    const state = run(
      atCard(),
      { type: 'field', field: 'cardNumber', error: { problem: 'checksum' } },
      { type: 'field', field: 'cardNumber', error: null },
    );
    expect(on(state, 'card').errors).to.deep.equal({});
  });

  it('replaces the errors after a refused submit and ends the busy state', () => {
    const state = run(
      atCard(),
      { type: 'pending' },
      {
        type: 'invalid',
        errors: { phone: { problem: 'required' } },
      },
    );
    const card = on(state, 'card');
    expect(card.errors).to.deep.equal({ phone: { problem: 'required' } });
    expect(card.pending).to.equal(false);
  });

  it('goes to the SMS step when the code was sent', () => {
    const sms = on(atSms(), 'sms');
    expect(sms.attemptId).to.equal('att_1');
    expect(sms.phone).to.equal('138****8000');
    expect(sms.retryAt).to.equal('2030-01-01T00:01:00.000Z');
    expect(sms.checkout.status).to.equal('SMS_SENT');
  });

  it('resumes the SMS step of a reloaded attempt without sending a new code', () => {
    const reloaded = loaded(checkout({ status: 'SMS_SENT', attempt: attempt() }));
    const resume = on(reloaded, 'card').resume;
    if (!resume) throw new Error('no attempt to resume');
    const sms = on(reduce(reloaded, { type: 'resume-sms', attempt: resume }), 'sms');
    expect(sms.attemptId).to.equal('att_1');
    expect(sms.retryAt).to.equal(resume.smsRetryAt);
  });
});

describe('flow: server errors', () => {
  it('shows a field’s server error on its field of the card form, not as a notice', () => {
    const state = run(
      atCard(),
      { type: 'pending' },
      {
        type: 'failed',
        error: error({ code: 'ID_NUMBER_INVALID', message: 'Bad ID.', field: 'idNumber' }),
      },
    );
    const card = on(state, 'card');
    expect(card.errors).to.deep.equal({ idNumber: { message: 'Bad ID.' } });
    expect(card.notice).to.equal(null);
    expect(card.pending).to.equal(false);
  });

  it('shows a wrong SMS code on the code field', () => {
    const state = run(atSms(), {
      type: 'failed',
      error: error({ code: 'INVALID_SMS_CODE', message: 'Wrong code.', field: 'smsCode' }),
    });
    expect(on(state, 'sms').errors).to.deep.equal({ smsCode: { message: 'Wrong code.' } });
  });

  it('shows an error without a field as a notice with the server’s message', () => {
    const state = run(atCard(), { type: 'failed', error: error() });
    expect(on(state, 'card').notice).to.deep.equal({
      code: 'CARD_REJECTED',
      message: 'The card details are incorrect.',
      retryAt: null,
    });
  });

  it('shows a field error as a notice when its field is not on this step', () => {
    const state = run(atSms(), {
      type: 'failed',
      error: error({ code: 'BANK_NOT_SUPPORTED', message: 'No.', field: 'bank' }),
    });
    expect(on(state, 'sms').notice?.code).to.equal('BANK_NOT_SUPPORTED');
  });

  it('follows the checkout an error carries', () => {
    const closed = checkout({ status: 'FAILED', version: 3 });
    const state = run(atCard(), { type: 'failed', error: error({ errorCheckout: closed }) });
    expect(on(state, 'result').outcome).to.equal('failure');
  });

  it('offers a retry notice when the connection is lost', () => {
    const state = on(run(atCard(), { type: 'pending' }, { type: 'network' }), 'card');
    expect(state.notice).to.deep.equal({ code: 'NETWORK' });
    expect(state.pending).to.equal(false);
  });

  it('sets and clears a notice', () => {
    const shown = run(atCard(), { type: 'notice', notice: { code: 'WECHAT_CANCELED' } });
    expect(on(shown, 'card').notice).to.deep.equal({ code: 'WECHAT_CANCELED' });
    expect(on(reduce(shown, { type: 'notice', notice: null }), 'card').notice).to.equal(null);
  });
});

describe('flow: following the server', () => {
  const processing = () =>
    run(atSms(), {
      type: 'updated',
      checkout: checkout({ status: 'PROCESSING', version: 3, attempt: attempt() }),
    });

  it('ignores an update older than the checkout it has', () => {
    const sms = atSms();
    expect(reduce(sms, { type: 'updated', checkout: checkout({ version: 1 }) })).to.equal(sms);
  });

  it('shows processing while the payment executes', () => {
    on(processing(), 'processing');
  });

  it('shows success when the checkout is paid', () => {
    const state = run(processing(), {
      type: 'updated',
      checkout: checkout({ status: 'SUCCEEDED', version: 4 }),
      settled: true,
    });
    const result = on(state, 'result');
    expect(result.outcome).to.equal('success');
    expect(result.pending).to.equal(false);
  });

  it('shows a failure when a declined attempt reopens the checkout', () => {
    const declined = checkout({
      status: 'OPEN',
      version: 4,
      attempt: attempt({ status: 'FAILED', failureCode: 'INSUFFICIENT_FUNDS' }),
    });
    const state = run(processing(), { type: 'updated', checkout: declined });
    expect(on(state, 'result').outcome).to.equal('failure');
  });

  it('returns to the SMS step when the bank refused the code during processing', () => {
    const back = checkout({ status: 'SMS_SENT', version: 4, attempt: attempt() });
    const sms = on(run(processing(), { type: 'updated', checkout: back }), 'sms');
    expect(sms.attemptId).to.equal('att_1');
  });

  it('stays on the card form when the code was sent from it', () => {
    const sent = checkout({ status: 'SMS_SENT', version: 2, attempt: attempt() });
    on(run(atCard(), { type: 'updated', checkout: sent }), 'card');
  });

  it('drops an expired QR code when its attempt ends unpaid', () => {
    const waiting = checkout({
      status: 'AWAITING_CUSTOMER',
      version: 2,
      attempt: attempt({ method: 'ALIPAY_SCAN', qrContent: 'alipay://x', qrCode: QR_CODE }),
    });
    const qr = run(loaded(checkout(), ['ALIPAY_SCAN']), {
      type: 'qr',
      checkout: waiting,
      method: 'ALIPAY_SCAN',
      qrContent: 'alipay://x',
      qrCode: QR_CODE,
      expiresAt: '2030-01-01T00:00:00.000Z',
    });
    expect(on(qr, 'qr')).to.include({ qrContent: 'alipay://x', qrCode: QR_CODE });
    const reopened = checkout({ status: 'OPEN', version: 3 });
    const dropped = on(reduce(qr, { type: 'updated', checkout: reopened }), 'qr');
    expect(dropped).to.include({ qrContent: null, qrCode: null });
  });

  it('shows a failure when a WeChat payment ends unpaid', () => {
    const wechat = run(loaded(checkout(), null, true), { type: 'choose', choice: 'WECHAT_WEB' });
    const waiting = checkout({
      status: 'AWAITING_CUSTOMER',
      version: 2,
      attempt: attempt({ method: 'WECHAT_WEB' }),
    });
    const reopened = checkout({ status: 'OPEN', version: 3 });
    const state = run(
      wechat,
      { type: 'updated', checkout: waiting },
      { type: 'updated', checkout: reopened },
    );
    expect(on(state, 'result').outcome).to.equal('failure');
  });

  it('follows a checkout to its step whatever step the customer is on', () => {
    const paid = checkout({ status: 'CANCELED', version: 9 });
    const state = follow(on(atBank(), 'bank'), paid);
    expect(on(state, 'result').outcome).to.equal('failure');
  });

  it('knows which statuses are final', () => {
    const final = ['SUCCEEDED', 'FAILED', 'EXPIRED', 'CANCELED'] as const;
    for (const status of final) expect(isFinal(checkout({ status }))).to.equal(true);
    for (const status of ['OPEN', 'SMS_SENT', 'PROCESSING', 'AWAITING_CUSTOMER'] as const)
      expect(isFinal(checkout({ status }))).to.equal(false);
  });
});

describe('flow: after a failure', () => {
  const failedAt = (from: FlowState) =>
    run(from, {
      type: 'updated',
      checkout: checkout({
        status: 'OPEN',
        version: 5,
        attempt: attempt({ status: 'FAILED', failureCode: 'INSUFFICIENT_FUNDS' }),
      }),
    });

  it('offers another card on the card form of the same bank', () => {
    const state = run(failedAt(atSms()), { type: 'another-card' });
    const card = on(state, 'card');
    expect(card.bankCode).to.equal('ICBC');
    expect(card.resume).to.equal(null);
  });

  it('asks for the bank again for another card when none was chosen', () => {
    const result = failedAt(
      on(loaded(checkout({ status: 'PROCESSING', attempt: attempt() })), 'processing'),
    );
    on(run(result, { type: 'another-card' }), 'bank');
  });

  it('goes back to the method step to choose another way to pay', () => {
    on(run(failedAt(atSms()), { type: 'other-method' }), 'method');
  });
});

describe('flow: pay on UMF’s page (HOSTED)', () => {
  const hosted = (patch: Partial<Checkout> = {}) =>
    checkout({ methods: ['DEBIT_CARD', 'HOSTED'], ...patch });

  it('offers UMF’s page after the other choices when the checkout has HOSTED', () => {
    expect(choicesFor(['DEBIT_CARD', 'WECHAT_SCAN', 'HOSTED'], null, false).choices).to.deep.equal([
      'CARD',
      'WECHAT_SCAN',
      'HOSTED',
    ]);
    expect(choicesFor(['DEBIT_CARD', 'HOSTED'], ['DEBIT_CARD'], false).choices).to.deep.equal([
      'CARD',
    ]);
  });

  it('stays on the method step when UMF’s page is the only choice', () => {
    expect(on(loaded(checkout({ methods: ['HOSTED'] })), 'method').choices).to.deep.equal([
      'HOSTED',
    ]);
  });

  it('shows processing for a checkout awaiting the customer on UMF’s page (the return)', () => {
    const back = hosted({
      status: 'AWAITING_CUSTOMER',
      attempt: attempt({ method: 'HOSTED', status: 'AWAITING_CUSTOMER', bankCode: null }),
    });
    on(loaded(back), 'processing');
  });

  it('shows the failure when the customer comes back from a declined payment', () => {
    const declined = hosted({
      attempt: attempt({ method: 'HOSTED', status: 'FAILED', failureCode: 'PAYMENT_FAILED' }),
    });
    expect(on(loaded(declined), 'result').outcome).to.equal('failure');
  });

  it('starts afresh when UMF’s page was never reached (the create’s answer was lost)', () => {
    const lost = hosted({
      attempt: attempt({ method: 'HOSTED', status: 'CREATED', failureCode: 'PAYMENT_FAILED' }),
    });
    on(loaded(lost), 'method');
  });

  it('starts afresh after a payment canceled on UMF’s page (no failure code)', () => {
    const canceled = hosted({ attempt: attempt({ method: 'HOSTED', status: 'CLOSED' }) });
    on(loaded(canceled), 'method');
  });

  it('keeps a customer who left processing for the methods there until something happens', () => {
    const back = hosted({
      status: 'AWAITING_CUSTOMER',
      attempt: attempt({ method: 'HOSTED', status: 'AWAITING_CUSTOMER' }),
    });
    const left = run(loaded(back), { type: 'other-method' });
    on(left, 'method');
    on(run(left, { type: 'updated', checkout: back }), 'method');
    const paid = hosted({ status: 'SUCCEEDED', version: 2 });
    on(run(left, { type: 'updated', checkout: paid }), 'result');
  });

  it('goes from processing to success when the result arrives', () => {
    const back = hosted({
      status: 'AWAITING_CUSTOMER',
      attempt: attempt({ method: 'HOSTED', status: 'AWAITING_CUSTOMER' }),
    });
    const paid = run(loaded(back), {
      type: 'updated',
      checkout: hosted({ status: 'SUCCEEDED', version: 3 }),
    });
    expect(on(paid, 'result').outcome).to.equal('success');
  });
});
