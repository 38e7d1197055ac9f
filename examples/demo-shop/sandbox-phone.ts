// The "sandbox phone": the SMS codes the UMF sandbox sent and its test cards, read from the
// sandbox's control API. Only in sandbox mode; a shop on the real UMF has no such panel.

export type SmsMessage = { phone: string; code: string; sentAt: string };
export type TestCard = { number: string; type: string; outcome: string; retCode: string };
export type PhoneView = { messages: SmsMessage[]; testCards: TestCard[] };

export const TEST_RESIDENT_ID = '11010519491231002X';
const MAX_MESSAGES = 8;

export function createSandboxPhone(sandboxUrl: string, fetchImpl: typeof fetch = fetch) {
  const base = `${sandboxUrl.replace(/\/$/, '')}/__sandbox`;
  let testCards: TestCard[] | undefined;

  async function get<T>(path: string): Promise<T> {
    const response = await fetchImpl(`${base}${path}`, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`sandbox control ${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  }

  return {
    /** Newest first; all phones unless one is given. */
    async messages(phone?: string): Promise<SmsMessage[]> {
      const query = phone ? `?phone=${encodeURIComponent(phone)}` : '';
      const list = await get<SmsMessage[]>(`/sms${query}`);
      return list
        .slice(0, MAX_MESSAGES)
        .map(({ phone, code, sentAt }) => ({ phone, code, sentAt }));
    },
    async testCards(): Promise<TestCard[]> {
      testCards ??= await get<TestCard[]>('/test-cards');
      return testCards;
    },
    async view(phone?: string): Promise<PhoneView> {
      const [messages, cards] = await Promise.all([this.messages(phone), this.testCards()]);
      return { messages, testCards: cards };
    },
  };
}

export type SandboxPhone = ReturnType<typeof createSandboxPhone>;
