// The BFF on this machine without a UMF account: without UMF_BASE_URL it starts the UMF sandbox
// in-process (keys and credentials kept in <DATA_DIR>/sandbox) and hands its endpoint to
// startServer; with UMF_BASE_URL it is startServer alone. `npm start` (scripts/dev.ts) adds
// the demo shop through `pages`; the test starters use it as it is. Production runs
// server/main.ts, which never loads the sandbox.
import { join } from 'node:path';
import type { Config } from './config/config.ts';
import type { PageHandler } from './http/app.ts';
import type { AppLogger } from './http/logger.ts';
import {
  type RunningServer,
  type StartOptions,
  startServer,
  type UmfEndpoint,
} from './http/start.ts';
import { startSandbox } from './sandbox/sandbox.ts';
import type { Sandbox, SandboxOptions } from './sandbox/types.ts';
import { createKeys } from './umf/crypto.ts';

export type LocalStackOptions = Omit<StartOptions, 'umfEndpoint' | 'pages'> & {
  /** In-process sandbox settings (default: an ephemeral port, data in <DATA_DIR>/sandbox). */
  sandbox?: SandboxOptions;
  /**
   * Pages beside the BFF's routes, only with an in-process sandbox (the demo shop, whose
   * phone panel reads that sandbox's control API): see StartOptions.pages.
   */
  pages?: (stack: { url: string; merchantKey: string; sandboxUrl: string }) => PageHandler;
};

export type LocalStack = RunningServer & {
  /** The in-process sandbox (UMF_BASE_URL unset). */
  sandbox: Sandbox | undefined;
};

export async function startLocalStack(
  config: Config,
  logger: AppLogger,
  options: LocalStackOptions = {},
): Promise<LocalStack> {
  const { sandbox: sandboxOptions, pages, ...start } = options;
  if (config.umf.mode === 'remote')
    return { ...(await startServer(config, logger, start)), sandbox: undefined };
  // Started once startServer has opened the store: a second instance on the same data is
  // refused by the store (pointing at PostgreSQL), not by the sandbox's own folder lock.
  const local: { sandbox?: Sandbox } = {};
  const startLocalSandbox = async (): Promise<UmfEndpoint> => {
    const sandbox = await startSandbox({
      port: 0,
      dataDir: join(config.dataDir, 'sandbox'),
      verifySignatures: config.umf.verifySignatures,
      ...sandboxOptions,
    });
    local.sandbox = sandbox;
    const { credentials } = sandbox;
    return {
      baseUrl: credentials.baseUrl,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      keys: createKeys({
        merchantPrivateKey: credentials.merchantPrivateKeyPem,
        umfPublicKey: credentials.umfPublicKeyPem,
      }),
    };
  };
  try {
    const server = await startServer(config, logger, {
      ...start,
      umfEndpoint: startLocalSandbox,
      ...(pages ? { pages: (bff) => pages({ ...bff, sandboxUrl: local.sandbox?.url ?? '' }) } : {}),
    });
    const { sandbox } = local;
    return {
      ...server,
      sandbox,
      async close() {
        await server.close();
        await sandbox?.close();
      },
    };
  } catch (error) {
    await local.sandbox?.close();
    throw error;
  }
}
