// UMF's daily reports for the merchant (API key): transactions and reconciliation, paginated.
import { GraphQLError } from 'graphql';
import type { TransactionSummary } from '../umf/types.ts';
import { builder } from './builder.ts';
import { MoneyRef } from './checkout.ts';
import type { GraphQLContext } from './context.ts';

const text = (value: unknown): string | null =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : null;

const money = (value: unknown) => {
  const amount = value as { total?: unknown; currency?: unknown } | undefined;
  return typeof amount?.total === 'string' && typeof amount.currency === 'string'
    ? { amount: amount.total, currency: amount.currency }
    : null;
};

/** The checkout a report line is about, found by its UMF payment (`trade_no`). */
function checkoutOf(entry: TransactionSummary, context: GraphQLContext) {
  const tradeNo = text(entry.trade_no);
  return tradeNo ? context.service.checkoutOfPayment(tradeNo) : Promise.resolve(undefined);
}

const ReportEntryRef = builder.objectRef<TransactionSummary>('ReportEntry').implement({
  description: 'One payment or refund line of a UMF report.',
  fields: (t) => ({
    tradeNo: t.string({
      nullable: true,
      description: "UMF's payment id (a refund line: the payment refunded).",
      resolve: (e) => text(e.trade_no),
    }),
    refundNo: t.string({ nullable: true, resolve: (e) => text(e.refund_no) }),
    checkoutId: t.id({
      nullable: true,
      description: 'The checkout this line belongs to (null: a payment this BFF does not know).',
      resolve: async (e, _args, context) => (await checkoutOf(e, context))?.id ?? null,
    }),
    orderId: t.string({
      nullable: true,
      description: 'Your order id (the checkout’s `orderId`), null when the checkout is unknown.',
      resolve: async (e, _args, context) => (await checkoutOf(e, context))?.merchantOrderId ?? null,
    }),
    umfOrderId: t.string({
      nullable: true,
      description:
        "UMF's order reference (mer_reference_id): your order id with the attempt's number " +
        '(`<orderId>-<n>`), since each payment attempt is its own UMF order.',
      resolve: (e) => text(e.mer_reference_id),
    }),
    state: t.string({ nullable: true, resolve: (e) => text(e.state) }),
    amount: t.field({ type: MoneyRef, nullable: true, resolve: (e) => money(e.amount) }),
    amountCny: t.string({ nullable: true, resolve: (e) => text(e.total_cny) }),
    settleDate: t.string({ nullable: true, resolve: (e) => text(e.settle_date) }),
    serviceFee: t.string({ nullable: true, resolve: (e) => text(e.service_fee) }),
    exchangeAmount: t.string({ nullable: true, resolve: (e) => text(e.exchange_amount) }),
  }),
});

type Page = {
  payments: TransactionSummary[];
  refunds: TransactionSummary[];
  totalCount: number;
  page: number;
  pageSize: number;
};

const ReportPageRef = builder.objectRef<Page>('ReportPage').implement({
  fields: (t) => ({
    payments: t.field({ type: [ReportEntryRef], resolve: (p) => p.payments }),
    refunds: t.field({ type: [ReportEntryRef], resolve: (p) => p.refunds }),
    totalCount: t.exposeInt('totalCount'),
    page: t.exposeInt('page'),
    pageSize: t.exposeInt('pageSize'),
  }),
});

function page(
  report: {
    payment_summaries: TransactionSummary[];
    refund_summaries: TransactionSummary[];
    pagination?: { total_count: number; page_number: number; page_size: number };
  },
  pageNumber: number,
  pageSize: number,
): Page {
  return {
    payments: report.payment_summaries,
    refunds: report.refund_summaries,
    totalCount:
      report.pagination?.total_count ??
      report.payment_summaries.length + report.refund_summaries.length,
    page: report.pagination?.page_number ?? pageNumber,
    pageSize: report.pagination?.page_size ?? pageSize,
  };
}

const DATE = /^\d{8}$/;
/** UMF's own limit on a report page. */
const MAX_PAGE_SIZE = 500;
const PAGING = `\`page\` from 1 (default 1); \`pageSize\` 1–${MAX_PAGE_SIZE} (default 100).`;

builder.queryFields((t) => ({
  transactions: t.field({
    type: ReportPageRef,
    authScopes: { merchant: true },
    description: `Payments and refunds of a merchant date (YYYYMMDD, China time). ${PAGING}`,
    args: {
      merDate: t.arg.string(),
      page: t.arg.int({ required: false, defaultValue: 1 }),
      pageSize: t.arg.int({ required: false, defaultValue: 100 }),
    },
    resolve: async (_root, args, context) => {
      const { pageNumber, pageSize } = paging(args.merDate, args.page, args.pageSize);
      const report = await context.service.transactions(args.merDate, pageNumber, pageSize);
      return page(report, pageNumber, pageSize);
    },
  }),
  reconciliation: t.field({
    type: ReportPageRef,
    authScopes: { merchant: true },
    description: `What UMF settled on a date (YYYYMMDD), with fees. ${PAGING}`,
    args: {
      settleDate: t.arg.string(),
      page: t.arg.int({ required: false, defaultValue: 1 }),
      pageSize: t.arg.int({ required: false, defaultValue: 100 }),
    },
    resolve: async (_root, args, context) => {
      const { pageNumber, pageSize } = paging(args.settleDate, args.page, args.pageSize);
      const report = await context.service.reconciliation(args.settleDate, pageNumber, pageSize);
      return page(report, pageNumber, pageSize);
    },
  }),
  transactionsFile: t.field({
    type: ReportFileRef,
    authScopes: { merchant: true },
    description:
      "UMF's transactions file of a merchant date (YYYYMMDD), as UMF sent it: CSV lines " +
      'between TRANSDETAIL-START and TRANSDETAIL-END (docs/umf-protocol.md §5.15).',
    args: { merDate: t.arg.string() },
    resolve: async (_root, args, context) => {
      checkDate(args.merDate);
      const content = await context.service.transactionsFile(args.merDate);
      return { fileName: `transactions-${args.merDate}.csv`, content };
    },
  }),
  reconciliationFile: t.field({
    type: ReportFileRef,
    authScopes: { merchant: true },
    description:
      "UMF's reconciliation statement file of a settlement date (YYYYMMDD), as UMF sent it " +
      '(docs/umf-protocol.md §5.16).',
    args: { settleDate: t.arg.string() },
    resolve: async (_root, args, context) => {
      checkDate(args.settleDate);
      const content = await context.service.reconciliationFile(args.settleDate);
      return { fileName: `reconciliation-${args.settleDate}.csv`, content };
    },
  }),
}));

const ReportFileRef = builder
  .objectRef<{ fileName: string; content: string }>('ReportFile')
  .implement({
    description: "One of UMF's report files, unchanged.",
    fields: (t) => ({
      fileName: t.exposeString('fileName', { description: 'A name to save it under.' }),
      content: t.exposeString('content', { description: 'The file text, as UMF sent it.' }),
    }),
  });

function checkDate(date: string): void {
  if (!DATE.test(date)) throw new GraphQLError('the date must be YYYYMMDD');
}

function paging(date: string, page?: number | null, size?: number | null) {
  checkDate(date);
  const pageNumber = page ?? 1;
  const pageSize = size ?? 100;
  if (pageNumber < 1 || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new GraphQLError(`page must be ≥ 1 and pageSize 1–${MAX_PAGE_SIZE}`);
  }
  return { pageNumber, pageSize };
}
