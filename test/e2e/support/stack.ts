// The whole stack for one e2e test, in this process, over test/support's starter: the BFF with
// its in-process UMF sandbox and the demo shop (mounted as `npm start` mounts it), or — for a
// BFF that must restart — a sandbox started on its own and a BFF against it as a remote UMF, on
// a fixed port and data folder. The shop's pages and the widget are served by the BFF itself,
// so the allowed origin is the BFF's own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoShop } from '../../../examples/demo-shop/shop.ts';
import type { LocalStackOptions } from '../../../server/local-stack.ts';
import type { Sandbox, SandboxControl } from '../../../server/sandbox/types.ts';
import {
  type Bff,
  type BffOptions,
  freePort,
  startBff,
  startRemoteSandbox,
} from '../../support/bff.ts';

export { MERCHANT_KEY } from '../../support/graphql.ts';

/** Sandbox timings: fast enough for a suite, slow enough to see the processing step. */
const SANDBOX = { executeDelayMs: 300, notifyRetryBaseMs: 100 } as const;

/**
 * The demo shop on the BFF's port, as `npm start` mounts it (scripts/dev.ts); its pay page loads
 * the widget from `widgetScriptUrl` (default the ES module, /umf-checkout.js).
 */
const demoShop =
  (widgetScriptUrl?: string): LocalStackOptions['pages'] =>
  ({ url, merchantKey, sandboxUrl }) =>
    createDemoShop({ graphqlUrl: `${url}/graphql`, merchantKey, sandboxUrl, widgetScriptUrl });

/** A BFF on `port`, its own origin allowed (the origin must be known before it starts). */
const onPort = (port: number, options: BffOptions): Promise<Bff> =>
  startBff({ port, origins: [`http://127.0.0.1:${port}`], sandbox: SANDBOX, ...options });

export type Stack = {
  /** The shop and the BFF, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  /** The UMF sandbox's origin. */
  sandboxUrl: string;
  control: SandboxControl;
  close(): Promise<void>;
};

/** BFF + in-process sandbox + demo shop on a fresh port and a fresh temporary data folder. */
export async function startStack(widgetScriptUrl?: string): Promise<Stack> {
  const bff = await onPort(await freePort(), { pages: demoShop(widgetScriptUrl) });
  if (!bff.sandbox) throw new Error('startStack: expected the in-process sandbox');
  return { url: bff.url, sandboxUrl: bff.sandbox.url, control: bff.control, close: bff.close };
}

export type RestartableStack = Omit<Stack, 'sandboxUrl'> & {
  sandbox: Sandbox;
  /** Stops the BFF (connections cut), leaving the sandbox and the data folder. */
  stopBff(): Promise<void>;
  /** Starts a new BFF process-equivalent on the same port and data folder. */
  startBff(): Promise<void>;
};

/**
 * A sandbox on its own and a BFF that uses it as a remote UMF (no demo shop: it needs the
 * in-process sandbox), on a fixed port with a fixed DATA_DIR, so a restarted BFF keeps its
 * state, its origin and its notify URL — as test/server/bff/restart.test.ts does.
 */
export async function startRestartableStack(): Promise<RestartableStack> {
  const remote = await startRemoteSandbox(SANDBOX);
  const dataDir = mkdtempSync(join(tmpdir(), 'umf-e2e-bff-'));
  const port = await freePort();
  const start = () => onPort(port, { remote, dataDir });
  let bff: Bff | undefined = await start();
  return {
    url: `http://127.0.0.1:${port}`,
    sandbox: remote.sandbox,
    control: remote.control,
    async stopBff() {
      await bff?.close();
      bff = undefined;
    },
    async startBff() {
      if (bff) throw new Error('the BFF is already running');
      bff = await start();
    },
    async close() {
      await bff?.close();
      await remote.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
