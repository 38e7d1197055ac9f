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

type Report = {
  payment_summaries: TransactionSummary[];
  refund_summaries: TransactionSummary[];
  pagination?: { total_count: number; page_number: number; page_size: number };
};

function page(report: Report, pageNumber: number, pageSize: number): Page {
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

type Service = GraphQLContext['service'];
type DateArg = 'merDate' | 'settleDate';

builder.queryFields((t) => {
  /** A report page of a date: `<dateArg>`, `page` and `pageSize`, checked, then `read`. */
  const reportPage = (
    dateArg: DateArg,
    description: string,
    read: (service: Service, date: string, pageNumber: number, pageSize: number) => Promise<Report>,
  ) =>
    t.field({
      type: ReportPageRef,
      authScopes: { merchant: true },
      description: `${description} ${PAGING}`,
      args: {
        [dateArg]: t.arg.string(),
        page: t.arg.int({ required: false, defaultValue: 1 }),
        pageSize: t.arg.int({ required: false, defaultValue: 100 }),
      },
      resolve: async (_root, args, context) => {
        const date = args[dateArg] as string;
        const sizes = paging(date, args.page as number | null, args.pageSize as number | null);
        const report = await read(context.service, date, sizes.pageNumber, sizes.pageSize);
        return page(report, sizes.pageNumber, sizes.pageSize);
      },
    });
  /** One of UMF's files of a date, saved as `<name>-<date>.csv`. */
  const reportFile = (
    dateArg: DateArg,
    name: string,
    description: string,
    read: (service: Service, date: string) => Promise<string>,
  ) =>
    t.field({
      type: ReportFileRef,
      authScopes: { merchant: true },
      description,
      args: { [dateArg]: t.arg.string() },
      resolve: async (_root, args, context) => {
        const date = args[dateArg] as string;
        checkDate(date);
        const content = await read(context.service, date);
        return { fileName: `${name}-${date}.csv`, content };
      },
    });
  return {
    transactions: reportPage(
      'merDate',
      'Payments and refunds of a merchant date (YYYYMMDD, China time).',
      (service, ...query) => service.transactions(...query),
    ),
    reconciliation: reportPage(
      'settleDate',
      'What UMF settled on a date (YYYYMMDD), with fees.',
      (service, ...query) => service.reconciliation(...query),
    ),
    transactionsFile: reportFile(
      'merDate',
      'transactions',
      "UMF's transactions file of a merchant date (YYYYMMDD), as UMF sent it: CSV lines " +
        'between TRANSDETAIL-START and TRANSDETAIL-END (docs/umf-protocol.md §5.15).',
      (service, date) => service.transactionsFile(date),
    ),
    reconciliationFile: reportFile(
      'settleDate',
      'reconciliation',
      "UMF's reconciliation statement file of a settlement date (YYYYMMDD), as UMF sent it " +
        '(docs/umf-protocol.md §5.16).',
      (service, date) => service.reconciliationFile(date),
    ),
  };
});

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
