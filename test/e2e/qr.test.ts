// A QR payment through the whole stack: WeChat Pay in <umf-checkout>, the customer "scans" the
// code by opening its content (the sandbox's QR page) in a second tab and presses Pay there; the
// first tab learns it live and the demo moves on to the paid order page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Response } from 'playwright-core';
import { encode } from 'uqr';
import { ensureWidgetBuilt } from '../../scripts/ensure-widget-build.ts';
import { launchChromium, openSession, waitForUmfEvent } from './support/browser.ts';
import { CheckoutPage } from './support/checkout-page.ts';
import { startStack } from './support/stack.ts';

let browser: Browser;
before(async () => {
  ensureWidgetBuilt();
  browser = await launchChromium();
});
after(() => browser?.close());

/** The modules of a QR path as the BFF draws them (common/qr.ts, the `qrCode` answer): runs `M{x} {y}h{n}v1h-{n}z`, quiet zone 4. */
function modulesOf(d: string, size: number): boolean[][] {
  const n = size - 8;
  const grid = Array.from({ length: n }, () => Array<boolean>(n).fill(false));
  for (const [, x, y, run] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let i = 0; i < Number(run); i++) grid[Number(y) - 4][Number(x) - 4 + i] = true;
  }
  return grid;
}

async function qrContentOf(response: Response): Promise<string> {
  const body = (await response.json()) as {
    data?: { startQrPayment?: { __typename: string; qrContent?: string } };
  };
  const qr = body.data?.startQrPayment;
  assert.equal(qr?.__typename, 'QrPayment', JSON.stringify(body));
  return qr?.qrContent ?? '';
}

test('a WeChat QR payment paid on the sandbox QR page in a second tab shows success live in the first', async (t) => {
  const stack = await startStack();
  const session = await openSession(browser, 'qr-payment', 'zh-CN');
  t.after(async () => {
    await session.close();
    await stack.close();
  });
  const shop = new CheckoutPage(session, 'zh-CN');
  const { w, widget, page } = shop;
  await shop.buyOne(stack.url, 'silk-scarf');

  await shop.heading(w.methodHeading).waitFor();
  // The QR content is not in the widget's DOM (only the drawn code): take it from the answer.
  const started = page.waitForResponse(
    (r) =>
      r.url().endsWith('/graphql') &&
      r.request().postDataJSON()?.operationName === 'StartQrPayment',
  );
  await widget.getByRole('button', { name: w.methods.WECHAT_SCAN.name }).click();
  const content = await qrContentOf(await started);
  assert.match(content, new RegExp(`^${stack.sandboxUrl}/__sandbox/qr/[\\w-]+$`));

  const app = w.qrApps.WECHAT_SCAN;
  await shop.heading(w.qrHeading(app)).waitFor();
  const code = widget.getByRole('img', { name: w.qrAlt(app) });
  await code.waitFor();
  await widget.locator('[part~="qr-status"]').filter({ hasText: w.qrWaiting }).waitFor();
  await shop.shot('qr-code');
  // The code on screen encodes that content: it is uqr's level-M encoding of it under one of
  // the 8 masks (the widget may pick another mask than uqr's automatic choice; both are valid).
  const drawn = await code.evaluate((svg) => ({
    size: Number(svg.getAttribute('viewBox')?.split(' ')[2]),
    d: svg.querySelector('path')?.getAttribute('d') ?? '',
  }));
  const modules = JSON.stringify(modulesOf(drawn.d, drawn.size));
  const masks = [0, 1, 2, 3, 4, 5, 6, 7].filter(
    (maskPattern) =>
      JSON.stringify(encode(content, { ecc: 'M', border: 0, maskPattern }).data) === modules,
  );
  assert.equal(masks.length, 1, `the drawn QR code is not an encoding of ${content}`);

  const phone = await session.context.newPage();
  await phone.goto(content);
  await phone.getByRole('button', { name: 'Pay', exact: true }).waitFor();
  await session.shot('sandbox-qr-page', phone);
  await phone.getByRole('button', { name: 'Pay', exact: true }).click();
  await phone.getByRole('status').waitFor();
  await session.shot('sandbox-paid', phone);

  // The first tab learns the result by itself while the second is in front.
  await waitForUmfEvent(page, 'umf-success');
  await page.bringToFront();
  const events = await shop.expectPaid();
  const steps = events.map((e) => (e.type === 'umf-step' ? e.detail?.step : e.type));
  assert.deepEqual(steps, ['umf-ready', 'qr', 'result', 'umf-success']);
  const ledger = await stack.control.ledger();
  assert.deepEqual(
    ledger.payments.map((p) => [p.paymentMethod, p.state]),
    [['WECHAT_SCAN', 'TRADE_SUCCESS']],
  );
  assert.deepEqual(session.pageErrors, []);
});
