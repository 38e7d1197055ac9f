// The typed client of the control API (SandboxControl), over real HTTP.
import type {
  AgreementEntry,
  FaultConfig,
  Ledger,
  RequestLogEntry,
  SandboxControl,
  SmsMessage,
  TestCard,
} from './types.ts';

export function createControlClient(
  origin: string,
  fetchImpl: typeof fetch = fetch,
): SandboxControl {
  async function call<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const response = await fetchImpl(`${origin}/__sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`sandbox control ${method} ${path}: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }
  return {
    sms: (phone, limit) =>
      call<SmsMessage[]>(
        'GET',
        `/sms?phone=${encodeURIComponent(phone)}${limit === undefined ? '' : `&limit=${limit}`}`,
      ),
    async scan(paymentId, outcome = 'success') {
      await call('POST', `/payments/${encodeURIComponent(paymentId)}/scan?outcome=${outcome}`, {});
    },
    advanceClock: (seconds) => call<{ now: string }>('POST', '/clock', { advanceSeconds: seconds }),
    async faults(config: FaultConfig) {
      await call('POST', '/faults', config);
    },
    requests: () => call<RequestLogEntry[]>('GET', '/requests'),
    ledger: () => call<Ledger>('GET', '/ledger'),
    testCards: () => call<TestCard[]>('GET', '/test-cards'),
    agreements: () => call<AgreementEntry[]>('GET', '/agreements'),
    async endAgreement(usrPayAgreementId) {
      await call('DELETE', `/agreements/${encodeURIComponent(usrPayAgreementId)}`);
    },
    async reset() {
      await call('POST', '/reset', {});
    },
  };
}
