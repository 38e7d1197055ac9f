// Transactions and reconciliation (docs/umf-protocol.md §5 #13–16): JSON pages and raw files.
import { resultOf } from './parse.ts';
import { getCall, type Requester, withQuery } from './request.ts';
import type { ReconciliationResult, TransactionsResult } from './types.ts';

export type PageQuery = { pageNumber?: number; pageSize?: number };
export type FileResult = { text: string; requestId: string; httpStatus: number };

export type ReportsResource = {
  transactions(query: { merDate: string } & PageQuery): Promise<TransactionsResult>;
  reconciliation(query: { settleDate: string } & PageQuery): Promise<ReconciliationResult>;
  /** The transactions CSV (TRANSDETAIL-START … TRANSDETAIL-END), as text. */
  transactionsFile(merDate: string): Promise<FileResult>;
  /** The reconciliation statement file, as text. */
  reconciliationFile(merDate: string): Promise<FileResult>;
};

export function createReportsResource(requester: Requester): ReportsResource {
  const page = (q: PageQuery) => ({ page_number: q.pageNumber, page_size: q.pageSize });
  return {
    async transactions(query) {
      const path = withQuery('/payments/transactions', { mer_date: query.merDate, ...page(query) });
      const { info, result } = await requester.json(
        getCall('/payments/transactions', path),
        resultOf.transactions,
      );
      return { ...info, transactions: result };
    },
    async reconciliation(query) {
      const base = '/payments/reconciliation_statement';
      const path = withQuery(base, { settle_date: query.settleDate, ...page(query) });
      const { info, result } = await requester.json(getCall(base, path), resultOf.reconciliations);
      return { ...info, reconciliations: result };
    },
    transactionsFile(merDate) {
      const base = '/payments/transactions_download';
      return requester.text(getCall(base, withQuery(base, { mer_date: merDate })));
    },
    reconciliationFile(merDate) {
      const base = '/payments/reconciliation_statement_download';
      return requester.text(getCall(base, withQuery(base, { mer_date: merDate })));
    },
  };
}
