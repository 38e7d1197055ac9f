// Request ids: the caller's X-Request-Id when it looks like an id, a fresh one otherwise,
// so a log line or a masked error can be matched with the client's report.
import { randomUUID } from 'node:crypto';

const SANE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdFor(headers: Headers, newId: () => string = randomUUID): string {
  const incoming = headers.get('x-request-id')?.trim();
  return incoming && SANE_ID.test(incoming) ? incoming : newId();
}
