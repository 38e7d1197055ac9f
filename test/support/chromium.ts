// How every headless Chromium of the project starts — the widget suites (web-test-runner), the
// e2e and package suites (playwright-core) and `npm run bench`: the system browser (nothing is
// downloaded), and one list of flags, so a run measures and tests the same browser.

/** Chromium's flags: no sandbox (CI containers), no GPU, no background traffic (updates, sync, QUIC). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The launch options both playwright-core and web-test-runner's launcher take. */
export function chromiumLaunchOptions() {
  return {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  };
}
