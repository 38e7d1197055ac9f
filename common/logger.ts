// The logger every server part takes: the shape of pino's methods, so the application's pino
// logger (server/http/logger.ts) fits and a test can pass a recorder. Types only; imports nothing.

export type Logger = {
  /** Optional: a recorder may leave it out; UMF's request log uses it when present. */
  debug?(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
};
