// What a store's onQuery trace holds: one entry per round trip to the database; on PostgreSQL a
// transaction's BEGIN goes with the statement after it, reported as one `begin; …` entry.

/** The statements of a trace, each BEGIN sent with its first statement counted apart. */
export function statementCount(trace: readonly string[]): number {
  return trace.reduce((sum, sql) => sum + (sql.startsWith('begin; ') ? 2 : 1), 0);
}

/** The BEGINs of a trace that took a round trip of their own. */
export function lonelyBegins(trace: readonly string[]): number {
  return trace.filter((sql) => sql === 'begin').length;
}
