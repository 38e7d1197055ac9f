// `npm start`: reads the configuration, starts the BFF (and, without UMF_BASE_URL, the UMF
// sandbox in-process), prints where everything is, and stops cleanly on SIGINT / SIGTERM.
import { ConfigError, loadConfig } from './config/config.ts';
import { redactedConfig } from './config/redact.ts';
import { createLogger } from './http/logger.ts';
import { startServer } from './http/start.ts';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error('umf-checkout cannot start: the configuration is invalid.');
  for (const problem of error.problems) console.error(`  - ${problem}`);
  for (const warning of error.warnings) console.error(`  (warning) ${warning}`);
  process.exit(1);
}

const logger = createLogger({ level: config.logLevel });
for (const warning of config.warnings) logger.warn({}, warning);
logger.info({ config: redactedConfig(config) }, 'starting');

const running = await startServer(config, logger).catch((error: unknown) => {
  logger.fatal({ err: error }, 'start failed');
  console.error(`umf-checkout cannot start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});

const lines = [`umf-checkout listening on ${running.url}`];
if (running.sandbox) {
  lines.push(
    `  demo shop  ${running.url}/`,
    '    pay with test card 6222 0200 0007 0000, resident ID 11010519491231002X, phone 13800138000;',
    '    the SMS code appears in the shop\'s "sandbox phone" panel',
  );
}
lines.push(`  GraphQL    ${running.url}/graphql`);
if (config.nodeEnv === 'development') lines.push(`  GraphiQL   ${running.url}/graphql`);
lines.push(`  health     ${running.url}/health   ready ${running.url}/ready`);
if (running.sandbox)
  lines.push(
    `  UMF sandbox ${running.sandbox.url}/cberest/v1 (control API ${running.sandbox.url}/__sandbox/test-cards)`,
  );
if (running.devKey)
  lines.push(
    `  merchant API key (development, kept in ${running.devKey.path}):`,
    `    Authorization: Bearer ${running.devKey.key}`,
  );
console.log(lines.join('\n'));

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping');
  const timer = setTimeout(() => {
    logger.error({}, 'shutdown took longer than 10 s: exiting');
    process.exit(1);
  }, 10_000);
  timer.unref();
  await running.close();
  logger.flush();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
