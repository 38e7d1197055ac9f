// Chromium through playwright-core (the system browser: nothing is downloaded), one browser per
// test file and a fresh context per test; step screenshots under
// test-results/screenshots/<test>/<nn-step>.png; the widget's umf-* events recorded per page.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../../support/chromium.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions());
}

export type Locale = 'zh-CN' | 'en';

/** What a page's <umf-checkout> told it: event type and detail, in order. */
export type UmfEvent = { type: string; detail: Record<string, unknown> | null };

declare global {
  interface Window {
    __umfEvents?: UmfEvent[];
  }
}

/** Records every umf-* event that reaches the document (they bubble and are composed). */
function recordUmfEvents() {
  const events: UmfEvent[] = [];
  window.__umfEvents = events;
  for (const type of ['umf-ready', 'umf-step', 'umf-success', 'umf-failure', 'umf-error']) {
    document.addEventListener(type, (event) => {
      const detail = (event as CustomEvent).detail;
      events.push({ type, detail: detail ? JSON.parse(JSON.stringify(detail)) : null });
    });
  }
}

/** The umf-* events the page has seen so far. */
export function umfEvents(page: Page): Promise<UmfEvent[]> {
  return page.evaluate(() => window.__umfEvents ?? []);
}

/** Waits until the page has seen an event of `type` (optionally matching), and returns it. */
export async function waitForUmfEvent(
  page: Page,
  type: string,
  match: (detail: Record<string, unknown> | null) => boolean = () => true,
  timeout = 15_000,
): Promise<UmfEvent> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = (await umfEvents(page)).find((e) => e.type === type && match(e.detail));
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = (await umfEvents(page)).map((e) => e.type).join(', ');
      throw new Error(`no ${type} event within ${timeout} ms (seen: ${seen || 'none'})`);
    }
    await page.waitForTimeout(50);
  }
}

export type Session = {
  context: BrowserContext;
  page: Page;
  /** Saves a full-page screenshot as <nn-step>.png in this test's folder. */
  shot(step: string, target?: Page): Promise<void>;
  /** Uncaught exceptions on any page of the context. */
  pageErrors: string[];
  /** console.error lines (network failures during a restart are expected there). */
  consoleErrors: string[];
  close(): Promise<void>;
};

/** A fresh context (locale, viewport, event recorder) and its first page. */
export async function openSession(
  browser: Browser,
  test: string,
  locale: Locale,
): Promise<Session> {
  const dir = join(SCREENSHOTS, test);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const context = await browser.newContext({
    locale,
    viewport: { width: 1180, height: 900 },
    extraHTTPHeaders: { 'accept-language': locale === 'en' ? 'en' : 'zh-CN,zh;q=0.9' },
  });
  context.setDefaultTimeout(15_000);
  await context.addInitScript(recordUmfEvents);
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const watch = (page: Page) => {
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
  };
  context.on('page', watch);
  const page = await context.newPage();
  let count = 0;
  return {
    context,
    page,
    pageErrors,
    consoleErrors,
    async shot(step, target = page) {
      count += 1;
      const name = `${String(count).padStart(2, '0')}-${step}.png`;
      await target.screenshot({ path: join(dir, name), fullPage: true, animations: 'disabled' });
    },
    close: () => context.close(),
  };
}
