// Widget tests in Debian Chromium (`npm run test:widget`). Runs under `node --import tsx` so
// this file can load the TypeScript plugin that starts the real BFF + UMF sandbox in-process
// (test/widget/support/node/plugin.ts) and serves the /__test/* helper routes.

import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumLaunchOptions } from './test/support/chromium.ts';
import { countReporter } from './test/widget/support/node/count-reporter.ts';
import { umfTestBff } from './test/widget/support/node/plugin.ts';

const bff = umfTestBff();

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: ['test/widget/**/*.test.ts'],
  nodeResolve: true,
  rootDir: '.',
  concurrency: 4,
  testsFinishTimeout: 120_000,
  // No progress-bar redraws outside a terminal: CI logs stay plain lines.
  staticLogging: !process.stdout.isTTY,
  browsers: [chromeLauncher({ launchOptions: chromiumLaunchOptions() })],
  plugins: [
    // tsconfig.json: experimentalDecorators + useDefineForClassFields false (Lit).
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
    bff.plugin,
  ],
  middleware: [bff.middleware],
  // Lit's dev-mode notice on every page; dev mode itself stays on (it catches more).
  filterBrowserLogs: ({ args }) => !args.some((arg) => String(arg).includes('Lit is in dev mode')),
  testFramework: { config: { timeout: 15_000 } },
  reporters: [defaultReporter(), countReporter()],
};
