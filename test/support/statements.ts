// What a store's onQuery trace holds: one entry per round trip to the database; on PostgreSQL
// statements sent together (a transaction's BEGIN with its first statement, a read behind a
// lock) are one entry, joined by '; '.

/** The statements of a trace, those sent together counted one by one. */
export function statementCount(trace: readonly string[]): number {
  return trace.reduce((sum, sql) => sum + sql.split('; ').length, 0);
}

/** The BEGINs of a trace that took a round trip of their own. */
export function lonelyBegins(trace: readonly string[]): number {
  return trace.filter((sql) => sql === 'begin').length;
}
