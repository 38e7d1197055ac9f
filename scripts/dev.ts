// `npm start`: the BFF with the UMF sandbox in-process (UMF_BASE_URL unset; port
// UMF_SANDBOX_PORT, else any free one) and the demo shop on the BFF's port, calling the BFF's
// public GraphQL API like any merchant backend. Prints where everything is; Ctrl-C stops it.
import { createDemoShop } from '../examples/demo-shop/shop.ts';
import { startLocalStack } from '../server/local-stack.ts';
import { bffLines, runEntry } from '../server/run-entry.ts';

const sandboxPort = Number(process.env.UMF_SANDBOX_PORT ?? Number.NaN);

await runEntry({
  start: (config, logger) =>
    startLocalStack(config, logger, {
      // This machine only, unless HOST says otherwise (README "Configuration").
      host: config.host ?? '127.0.0.1',
      sandbox: { port: Number.isInteger(sandboxPort) ? sandboxPort : 0 },
      pages: ({ url, merchantKey, sandboxUrl }) =>
        createDemoShop({
          graphqlUrl: `${url}/graphql`,
          merchantKey,
          sandboxUrl,
          onError: (error) => logger.warn({ err: error }, 'demo shop: upstream call failed'),
        }),
    }),
  describe: (running, config) => {
    const { url, sandbox } = running;
    if (!sandbox) return bffLines(running, config);
    return bffLines(running, config, {
      afterUrl: [
        `  demo shop  ${url}/`,
        '    pay with test card 6222 0200 0007 0000, resident ID 11010519491231002X, phone 13800138000;',
        '    the SMS code appears in the shop\'s "sandbox phone" panel',
      ],
      afterHealth: [
        `  UMF sandbox ${sandbox.url}/cberest/v1 (control API ${sandbox.url}/__sandbox/test-cards)`,
      ],
    });
  },
});
