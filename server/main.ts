// The production entry: the BFF alone, against the UMF named by UMF_BASE_URL (its credentials
// and keys in UMF_CLIENT_ID, UMF_CLIENT_SECRET, UMF_MERCHANT_PRIVATE_KEY[_FILE] and
// UMF_PUBLIC_KEY[_FILE]). It never loads the sandbox or the demo shop: `npm start`
// (scripts/dev.ts) runs those on this machine.
import { startServer } from './http/start.ts';
import { bffLines, runEntry } from './run-entry.ts';

await runEntry({
  check: (config) =>
    config.umf.mode === 'remote'
      ? []
      : [
          'UMF_BASE_URL is required: this entry point runs the BFF against UMF (set UMF_BASE_URL, ' +
            'UMF_CLIENT_ID, UMF_CLIENT_SECRET, UMF_MERCHANT_PRIVATE_KEY and UMF_PUBLIC_KEY); ' +
            '`npm start` runs it with a local UMF sandbox and the demo shop instead',
        ],
  // Every interface (a container's port mapping needs it) unless HOST names one.
  start: (config, logger) => startServer(config, logger, { host: config.host ?? undefined }),
  describe: (running, config) => bffLines(running, config),
});
