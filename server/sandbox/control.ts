// The control API under /__sandbox (README "The UMF sandbox"): JSON for tests and the demo,
// plus the human QR page, the WeChat OAuth stand-in and bank logos.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { endAgreement, listAgreements } from './agreements.ts';
import { bankLogoSvg } from './catalog.ts';
import { formatChinaTime } from './clock.ts';
import type { SandboxContext } from './context.ts';
import { sweepExpired } from './expiry.ts';
import { faultConfigProblem } from './faults.ts';
import { asRecord, parseJsonObject, readBody, redirect, sendJson, sendText } from './http.ts';
import { buildLedger } from './ledger.ts';
import { paymentView } from './payment-view.ts';
import { htmlPage, qrPage, scanResultPage } from './qr-page.ts';
import { scanPayment } from './scan.ts';
import { clearState } from './state.ts';
import { TEST_CARDS } from './test-cards.ts';
import type { FaultConfig, SmsMessage } from './types.ts';
import { wechatRedirectTarget } from './wechat.ts';

type Ctl = {
  ctx: SandboxContext;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  body: Record<string, unknown>;
};

const HTML = 'text/html; charset=utf-8';

function wantsHtml(req: IncomingMessage): boolean {
  const type = req.headers['content-type'] ?? '';
  return type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data');
}

function scan({ ctx, req, res, url }: Ctl, id: string): void {
  const outcome = url.searchParams.get('outcome') === 'fail' ? 'fail' : 'success';
  const result = scanPayment(ctx, id, outcome);
  if (wantsHtml(req)) {
    const message = result.ok ? `Payment ${result.payment.state}` : result.message;
    sendText(res, result.ok ? 200 : result.status, HTML, scanResultPage(result.payment, message));
  } else if (result.ok) sendJson(res, 200, { payment: paymentView(ctx, result.payment) });
  else sendJson(res, result.status, { error: result.message });
}

function qr({ ctx, res, url }: Ctl, id: string): void {
  const payment = ctx.state.payments.get(id);
  if (!payment) {
    const page = htmlPage('Not found', `<p>No payment ${id.replace(/\W/g, '')}</p>`);
    sendText(res, 404, HTML, page);
    return;
  }
  sendText(res, 200, HTML, qrPage(payment, `${ctx.origin()}${url.pathname}`));
}

function reset(ctx: SandboxContext): void {
  ctx.scheduler.cancelAll();
  clearState(ctx.state);
  ctx.faults.clear();
  ctx.clock.reset();
  ctx.persist.reset();
}

type ControlRoute = {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  run: (c: Ctl, match: RegExpExecArray) => void;
};

function advanceClock({ ctx, res, body }: Ctl): void {
  const seconds = Number(body.advanceSeconds ?? 0);
  if (!Number.isFinite(seconds) || seconds < 0) {
    sendJson(res, 400, { error: 'advanceSeconds must be ≥ 0' });
    return;
  }
  sendJson(res, 200, { now: formatChinaTime(ctx.clock.advance(seconds)) });
}

function bankLogo({ res }: Ctl, code: string): void {
  const svg = bankLogoSvg(code);
  if (svg) sendText(res, 200, 'image/svg+xml', svg);
  else sendJson(res, 404, { error: 'unknown bank' });
}

function wechatAuthorize({ res, url }: Ctl): void {
  const target = wechatRedirectTarget(url.searchParams.get('redirect') ?? '');
  if (target) redirect(res, target);
  else sendJson(res, 400, { error: 'redirect must be an http(s) URL' });
}

/**
 * The SMS sent (to `phone`, if given), newest first; `limit` keeps only the newest few. Read from
 * the newest backwards, so a caller after its latest code reads a few entries, not the log.
 */
function smsList({ ctx, res, url }: Ctl): void {
  const phone = url.searchParams.get('phone');
  const limit = url.searchParams.get('limit');
  if (limit !== null && !/^\d{1,6}$/.test(limit)) {
    sendJson(res, 400, { error: 'limit must be a whole number' });
    return;
  }
  const most = limit === null ? Number.POSITIVE_INFINITY : Number(limit);
  const found: SmsMessage[] = [];
  const { sms } = ctx.state;
  for (let i = sms.length - 1; i >= 0 && found.length < most; i--)
    if (phone === null || sms[i].phone === phone) found.push(sms[i]);
  sendJson(res, 200, found);
}

const ok = (res: ServerResponse) => sendJson(res, 200, { ok: true });

const CONTROL_ROUTES: readonly ControlRoute[] = [
  { method: 'GET', pattern: /^\/sms$/, run: smsList },
  { method: 'POST', pattern: /^\/payments\/([\w-]+)\/scan$/, run: (c, m) => scan(c, m[1]) },
  { method: 'GET', pattern: /^\/qr\/([\w-]+)$/, run: (c, m) => qr(c, m[1]) },
  { method: 'POST', pattern: /^\/clock$/, run: advanceClock },
  {
    method: 'POST',
    pattern: /^\/faults$/,
    run: ({ ctx, res, body }) => {
      const problem = faultConfigProblem(body);
      if (problem) sendJson(res, 400, { error: problem });
      else {
        ctx.faults.configure(body as FaultConfig);
        ok(res);
      }
    },
  },
  {
    method: 'GET',
    pattern: /^\/requests$/,
    run: ({ ctx, res }) => sendJson(res, 200, ctx.state.requests),
  },
  {
    method: 'GET',
    pattern: /^\/ledger$/,
    run: ({ ctx, res }) => sendJson(res, 200, buildLedger(ctx)),
  },
  { method: 'GET', pattern: /^\/test-cards$/, run: ({ res }) => sendJson(res, 200, TEST_CARDS) },
  {
    method: 'POST',
    pattern: /^\/reset$/,
    run: ({ ctx, res }) => {
      reset(ctx);
      ok(res);
    },
  },
  {
    method: 'GET',
    pattern: /^\/agreements$/,
    run: ({ ctx, res }) => sendJson(res, 200, listAgreements(ctx)),
  },
  {
    // The customer ends a saved card (at the bank or UMF): later payments with it are refused.
    method: 'DELETE',
    pattern: /^\/agreements\/([\w-]+)$/,
    run: ({ ctx, res }, m) => {
      if (endAgreement(ctx, m[1])) ok(res);
      else sendJson(res, 404, { error: `no payer agreement ${m[1]}` });
    },
  },
  { method: 'GET', pattern: /^\/wechat\/authorize$/, run: wechatAuthorize },
  { method: 'GET', pattern: /^\/bank-logos\/(\w+)\.svg$/, run: (c, m) => bankLogo(c, m[1]) },
];

export async function handleControl(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const url = new URL(req.url ?? '/', ctx.origin());
  const raw = await readBody(req);
  const body = wantsHtml(req) ? {} : (asRecord(parseJsonObject(raw)) ?? {});
  sweepExpired(ctx);
  const path = url.pathname.slice('/__sandbox'.length);
  for (const route of CONTROL_ROUTES) {
    const match = route.method === req.method ? route.pattern.exec(path) : null;
    if (match) return route.run({ ctx, req, res, url, body }, match);
  }
  sendJson(res, 404, { error: `no sandbox control route ${req.method} ${url.pathname}` });
}
