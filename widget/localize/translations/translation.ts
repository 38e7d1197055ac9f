// The strings' shape: one typed Translation per locale (en.ts, zh-CN.ts). The compiler checks
// both are complete: a missing term does not build. Error codes are worded in common/ (the
// server's `message`, and common/client-error-messages.ts for the few the widget sets itself).

import type { FieldProblem } from '../../../common/validate.ts';
import type { Choice, Field } from '../../flow/flow.ts';

export type Locale = 'zh-CN' | 'en';

export type FieldTerms = { label: string; required: string; invalid: string } & Partial<
  Record<FieldProblem, string>
>;

/**
 * The inputs with texts of their own: the card form's and the SMS code. The bank is chosen from
 * tiles, never typed, so no step shows an error under it.
 */
export type TextField = Exclude<Field, 'bank'>;

export type MethodTerms = { name: string; hint: string };

/** Saved cards (UMF payer agreements): the list on the method step, the card step's box. */
export type SavedTerms = {
  heading: string;
  pay: (bank: string, lastFour: string) => string;
  /** The disclosure that asks before removing (its accessible name adds the card). */
  remove: string;
  confirm: string;
  /** The button in the disclosure that removes the card. */
  removeYes: string;
  removed: string;
  otherWays: string;
  remember: string;
  willSave: string;
};

export interface Translation {
  locale: Locale;
  region: string;
  loading: string;
  amountDue: string;
  converted: (amount: string, rate: string, currency: string) => string;
  orderDetails: string;
  order: (orderId: string) => string;
  quantity: (n: number) => string;
  securedBy: string;
  back: string;
  retry: string;
  network: string;
  fixFields: (n: number) => string;
  methodHeading: string;
  methods: Record<Choice, MethodTerms>;
  bankHeading: string;
  cardType: string;
  debit: string;
  credit: string;
  searchBanks: string;
  searchPlaceholder: string;
  banksLabel: string;
  noBanks: (query: string) => string;
  cardHeading: string;
  change: string;
  cvv2Hint: string;
  continue: string;
  getCode: string;
  encryptedNote: string;
  resumeNote: string;
  smsHeading: string;
  /** `phone` is masked, or empty for a saved card (UMF texts the card's own phone). */
  smsSentTo: (phone: string) => string;
  resend: string;
  resendIn: (seconds: number) => string;
  pay: (amount: string) => string;
  processingHeading: string;
  processingText: string;
  successHeading: string;
  successText: (amount: string) => string;
  failureHeading: string;
  closedHeading: string;
  expiredText: string;
  canceledText: string;
  closedText: string;
  tryAnotherCard: string;
  otherMethod: string;
  qrHeading: (app: string) => string;
  qrHint: (app: string) => string;
  qrAlt: (app: string) => string;
  /** The link under the QR code that opens its content in the app (on the phone itself). */
  qrOpen: (app: string) => string;
  qrApps: Record<'WECHAT_SCAN' | 'ALIPAY_SCAN', string>;
  qrWaiting: string;
  qrExpiresIn: (time: string) => string;
  qrExpired: string;
  refresh: string;
  wechatHeading: string;
  wechatText: string;
  wechatCanceled: string;
  wechatOutside: string;
  fields: Record<TextField, FieldTerms>;
  saved: SavedTerms;
}
