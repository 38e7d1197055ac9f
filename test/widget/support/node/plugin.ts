// The web-test-runner plugin of the widget tests: starts the real BFF (startTestBff) when the
// dev server starts, stops it with the server, and answers the /__test/* routes on the test
// page's own origin — what a browser test needs done with powers the page must not have
// (merchant key, sandbox control, UMF's private key). test/widget/support/README.md lists them.
import type { IncomingMessage } from 'node:http';
import type { TestRunnerConfig, TestRunnerPlugin } from '@web/test-runner';
import { decryptFieldBytes } from '../../../../server/sandbox/decrypt.ts';
import { type HostedCard, payOnHostedPage } from '../../../server/sandbox/hosted-customer.ts';
import { checkoutInput, PHONE } from '../../../support/fixtures.ts';
import { merchant } from '../../../support/graphql.ts';
import { startTestBff, type TestBff } from './bff.ts';

type Middleware = NonNullable<TestRunnerConfig['middleware']>[number];
type Context = Parameters<Middleware>[0];
type Json = Record<string, unknown>;
type Reply = { status: number; body: unknown };

const CREATE_CHECKOUT = `mutation Create($input: CreateCheckoutInput!) {
  createCheckout(input: $input) {
    __typename
    ... on CheckoutCreated { clientSecret checkout { id } }
    ... on CheckoutError { code field message }
  }
}`;

export function umfTestBff(): { plugin: TestRunnerPlugin; middleware: Middleware } {
  let started: Promise<TestBff> | undefined;
  let orders = 0;

  const plugin: TestRunnerPlugin = {
    name: 'umf-test-bff',
    serverStart({ config }) {
      const origins = [...new Set([config.hostname, 'localhost', '127.0.0.1'])].map(
        (host) => `http://${host}:${config.port}`,
      );
      started = startTestBff(origins);
      return started.then(() => undefined);
    },
    async serverStop() {
      await (await started)?.close();
    },
  };

  async function createCheckout(bff: TestBff, body: Json): Promise<Reply> {
    orders += 1;
    const orderId = `W${process.pid}x${Date.now().toString(36)}x${orders}`;
    const input = {
      ...checkoutInput(orderId, String(body.amount ?? '100.00'), body.methods as string[]),
      ...(typeof body.currency === 'string' ? { currency: body.currency } : {}),
      ...(typeof body.customerId === 'string' ? { customerId: body.customerId } : {}),
      ...(typeof body.saveCard === 'string' ? { saveCard: body.saveCard } : {}),
    };
    const json = await merchant(`${bff.bffUrl}/graphql`, CREATE_CHECKOUT, { input });
    const created = json.data?.createCheckout as
      | { __typename: string; clientSecret: string; checkout: { id: string } }
      | undefined;
    if (created?.__typename !== 'CheckoutCreated') return { status: 500, body: json };
    return { status: 200, body: { clientSecret: created.clientSecret, id: created.checkout.id } };
  }

  async function newestSms(bff: TestBff, url: URL): Promise<Reply> {
    const phone = url.searchParams.get('phone') ?? PHONE;
    const after = Date.parse(url.searchParams.get('after') ?? '') || 0;
    const deadline = Date.now() + Number(url.searchParams.get('waitMs') ?? 5000);
    for (;;) {
      const [newest] = await bff.control.sms(phone);
      if (newest && Date.parse(newest.sentAt) > after) return { status: 200, body: newest };
      if (Date.now() > deadline) return { status: 404, body: { error: `no SMS to ${phone}` } };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function sandboxPassThrough(bff: TestBff, ctx: Context, rest: string): Promise<Reply> {
    const body = ctx.method === 'GET' ? undefined : await readBody(ctx.req);
    const response = await fetch(`${bff.server.sandbox?.url}/__sandbox/${rest}`, {
      method: ctx.method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body || undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  async function route(bff: TestBff, ctx: Context, url: URL): Promise<Reply | undefined> {
    const path = url.pathname.slice('/__test/'.length);
    const post = ctx.method === 'POST';
    if (path === 'config' && !post) {
      return {
        status: 200,
        body: { bffUrl: bff.bffUrl, proxyUrl: bff.proxyUrl, endpoint: `${bff.bffUrl}/graphql` },
      };
    }
    if (path === 'checkout' && post) return createCheckout(bff, await readJson(ctx.req));
    if (path === 'sms' && !post) return newestSms(bff, url);
    const scan = /^scan\/([^/]+)$/.exec(path);
    if (scan && post) {
      await bff.control.scan(
        decodeURIComponent(scan[1]),
        url.searchParams.get('outcome') === 'fail' ? 'fail' : 'success',
      );
      return { status: 200, body: { ok: true } };
    }
    if (path === 'hosted' && post) {
      const { url: pageUrl, card } = await readJson(ctx.req);
      const paid = await payOnHostedPage(bff.control, String(pageUrl), card as HostedCard);
      return { status: 200, body: { returnUrl: paid.returnUrl } };
    }
    if (path === 'decrypt' && post) {
      const { ciphertext } = await readJson(ctx.req);
      return {
        status: 200,
        body: (() => {
          const bytes = decryptFieldBytes(String(ciphertext), bff.umfPrivateKey);
          return { plaintext: bytes.toString('utf8'), hex: bytes.toString('hex') };
        })(),
      };
    }
    const offline = /^offline\/([^/]+)$/.exec(path);
    if (offline && post) {
      const { offline: on } = await readJson(ctx.req);
      bff.setOffline(decodeURIComponent(offline[1]), on === true);
      return { status: 200, body: { ok: true } };
    }
    const delay = /^delay\/([^/]+)$/.exec(path);
    if (delay && post) {
      const { delays } = await readJson(ctx.req);
      bff.delayAnswers(decodeURIComponent(delay[1]), (delays as unknown[]).map(Number));
      return { status: 200, body: { ok: true } };
    }
    if (path === 'requests' && !post) {
      return { status: 200, body: bff.requests(url.searchParams.get('recording') ?? undefined) };
    }
    if (path.startsWith('sandbox/'))
      return sandboxPassThrough(bff, ctx, path.slice(8) + url.search);
    return undefined;
  }

  const middleware: Middleware = async (ctx, next) => {
    if (!ctx.path.startsWith('/__test/')) return next();
    const bff = await started;
    if (!bff) throw new Error('the test BFF has not started');
    let reply: Reply | undefined;
    try {
      reply = await route(bff, ctx, new URL(ctx.url, 'http://test.invalid'));
    } catch (error) {
      reply = {
        status: 500,
        body: { error: error instanceof Error ? error.message : String(error) },
      };
    }
    ctx.status = reply?.status ?? 404;
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(reply?.body ?? { error: `no test route ${ctx.method} ${ctx.path}` });
  };

  return { plugin, middleware };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(req: IncomingMessage): Promise<Json> {
  const text = await readBody(req);
  return text ? (JSON.parse(text) as Json) : {};
}
