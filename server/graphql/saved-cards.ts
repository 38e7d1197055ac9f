// Saved cards (docs/umf-protocol.md §17): the Checkout's saveCard policy and its customer's
// cards (client secret: that customer's only), paying and removing one in the widget, and the
// merchant's savedCards / deleteSavedCard.
import { CheckoutError } from '../domain/errors.ts';
import type { SavedCard } from '../domain/saved-card.ts';
import { builder } from './builder.ts';
import { CheckoutRef } from './checkout.ts';
import type { GraphQLContext } from './context.ts';
import { CardTypeEnum, SaveCardPolicyEnum } from './enums.ts';
import { errorResult } from './errors.ts';
import { IDEMPOTENCY_KEY_DESCRIPTION, idempotent } from './idempotency.ts';
import { confirmField, SmsCodeSentRef } from './payments.ts';

const merchant = { authScopes: { merchant: true } } as const;

/** The card's bank in UMF's (cached) bank list; undefined when UMF does not list it now. */
async function bankOf(card: SavedCard, context: GraphQLContext) {
  try {
    const banks = await context.service.banks(card.cardType);
    return banks.find((bank) => bank.code === card.bankCode);
  } catch {
    return undefined;
  }
}

export const SavedCardRef = builder.objectRef<SavedCard>('SavedCard').implement({
  description:
    "A customer's card remembered through UMF's payer agreement: the bank and last four digits " +
    'UMF showed, never card data. Webhooks saved_card.created / saved_card.deleted carry it (without bank names).',
  fields: (t) => ({
    id: t.exposeID('id'),
    customerId: t.exposeString('customerId', { ...merchant, description: 'Merchant key only.' }),
    cardType: t.field({ type: CardTypeEnum, resolve: (card) => card.cardType }),
    bankCode: t.exposeString('bankCode'),
    bankName: t.string({
      nullable: true,
      description: 'English name, from the bank list (null when UMF does not list it).',
      resolve: async (card, _args, context) => (await bankOf(card, context))?.name ?? null,
    }),
    bankNameZh: t.string({
      nullable: true,
      resolve: async (card, _args, context) => {
        const bank = await bankOf(card, context);
        return bank ? (bank.name_zh ?? bank.name) : null;
      },
    }),
    lastFour: t.exposeString('lastFour'),
    createdAt: t.field({ type: 'DateTime', resolve: (card) => card.createdAt }),
    deletedAt: t.field({ type: 'DateTime', nullable: true, resolve: (card) => card.deletedAt }),
  }),
});

builder.objectFields(CheckoutRef, (t) => ({
  saveCard: t.field({
    type: SaveCardPolicyEnum,
    description: 'Whether the widget offers to remember a card typed in.',
    resolve: (c) => (c.customerId ? c.saveCard : 'NEVER'),
  }),
  savedCards: t.field({
    type: [SavedCardRef],
    description:
      "This checkout's customer's saved cards of the card types it accepts, newest first (none without a customerId).",
    resolve: (c, _args, context) => context.service.checkoutSavedCards(c),
  }),
  customerId: t.exposeString('customerId', {
    nullable: true,
    ...merchant,
    description: 'Merchant key only.',
  }),
}));

/** The input of a widget operation on one of the customer's saved cards. */
const savedCardInput = (name: string) =>
  builder.inputType(name, { fields: (t) => ({ clientSecret: t.string(), savedCardId: t.id() }) });
const SendSavedCardSmsCodeInput = savedCardInput('SendSavedCardSmsCodeInput');
const RemoveSavedCardInput = savedCardInput('RemoveSavedCardInput');
/** The service's view of that input: the saved card's id as a string. */
const savedCardOf = (input: { clientSecret: string; savedCardId: string | number }) => ({
  clientSecret: input.clientSecret,
  savedCardId: String(input.savedCardId),
});

const ConfirmSavedCardPaymentInput = builder.inputType('ConfirmSavedCardPaymentInput', {
  fields: (t) => ({ clientSecret: t.string(), attemptId: t.id(), smsCode: t.string() }),
});

builder.mutationFields((t) => ({
  sendSavedCardSmsCode: t.field({
    type: SmsCodeSentRef,
    description: "Pays with a saved card: UMF sends the SMS code to the card's phone.",
    errors: errorResult('SendSavedCardSmsCode'),
    args: { input: t.arg({ type: SendSavedCardSmsCodeInput }) },
    resolve: (_root, { input }, context) =>
      context.service.sendSavedCardSmsCode({ ...savedCardOf(input), clientIp: context.clientIp }),
  }),
  confirmSavedCardPayment: confirmField(
    t,
    'ConfirmSavedCardPayment',
    ConfirmSavedCardPaymentInput,
    (context, input) => context.service.confirmSavedCardPayment(input),
    'Executes a saved-card attempt with the SMS code (at most once).',
  ),
  removeSavedCard: t.field({
    type: SavedCardRef,
    description: "The customer removes one of their saved cards (this checkout's customer only).",
    errors: errorResult('RemoveSavedCard'),
    args: { input: t.arg({ type: RemoveSavedCardInput }) },
    resolve: (_root, { input }, context) => context.service.removeSavedCard(savedCardOf(input)),
  }),
  deleteSavedCard: t.field({
    type: SavedCardRef,
    ...merchant,
    description:
      "Deletes a saved card: the BFF forgets UMF's agreement and never sends it again (UMF's REST API has no call to end one). Deleting it again answers the same card.",
    errors: errorResult('DeleteSavedCard'),
    args: {
      id: t.arg.id(),
      idempotencyKey: t.arg.string({ required: false, description: IDEMPOTENCY_KEY_DESCRIPTION }),
    },
    resolve: idempotent('deleteSavedCard', (_root, args, context) =>
      context.service.deleteSavedCard(String(args.id)),
    ),
  }),
}));

builder.queryFields((t) => ({
  savedCards: t.field({
    type: [SavedCardRef],
    ...merchant,
    description: "A customer's saved cards (your customerId), newest first.",
    errors: { types: [CheckoutError], union: { name: 'SavedCardsResult' } },
    args: { customerId: t.arg.string() },
    resolve: (_root, args, context) => context.service.savedCards(args.customerId),
  }),
}));
