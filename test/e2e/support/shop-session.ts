// One Chromium per describe block and, per test, a fresh stack with a fresh browser context on
// the demo shop: what each whole-stack test starts from.
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { ensureWidgetBuilt } from '../../../scripts/ensure-widget-build.ts';
import { type Locale, launchChromium, openSession } from './browser.ts';
import { CheckoutPage } from './checkout-page.ts';
import { type Stack, startStack } from './stack.ts';

/**
 * Launches Chromium before the enclosing describe block (the widget built first) and closes it
 * after. The returned setUp gives one test a fresh stack and browser context, both closed after
 * that test. `widgetScriptUrl` picks the bundle the pay page loads (default the ES module).
 */
export function shopSessions() {
  let browser: Browser;
  before(async () => {
    ensureWidgetBuilt();
    browser = await launchChromium();
  });
  after(() => browser?.close());

  return async function setUp(
    t: { after: (fn: () => Promise<void>) => void },
    name: string,
    locale: Locale,
    widgetScriptUrl?: string,
  ) {
    const stack: Stack = await startStack(widgetScriptUrl);
    const session = await openSession(browser, name, locale);
    t.after(async () => {
      await session.close();
      await stack.close();
    });
    return { stack, session, shop: new CheckoutPage(session, locale) };
  };
}
