// What both entry points do around a start: read and check the configuration (every problem
// named, then exit 1), log the start, print where everything is, and stop cleanly on SIGINT /
// SIGTERM. server/main.ts runs the BFF alone; scripts/dev.ts (`npm start`) the local stack.
import { type Config, ConfigError, loadConfig } from './config/config.ts';
import { redactedConfig } from './config/redact.ts';
import { type AppLogger, createLogger } from './http/logger.ts';
import type { RunningServer } from './http/start.ts';

export type EntryOptions<T extends { close(): Promise<void> }> = {
  /** Problems beyond the configuration's own, one sentence each naming the variable. */
  check?: (config: Config) => string[];
  start: (config: Config, logger: AppLogger) => Promise<T>;
  /** The lines printed once started. */
  describe: (running: T, config: Config) => string[];
};

export async function runEntry<T extends { close(): Promise<void> }>(
  options: EntryOptions<T>,
): Promise<void> {
  const config = configOrExit();
  const logger = createLogger({ level: config.logLevel });
  for (const warning of config.warnings) logger.warn({}, warning);
  logger.info({ config: redactedConfig(config) }, 'starting');

  const running = await options.start(config, logger).catch((error: unknown) => {
    logger.fatal({ err: error }, 'start failed');
    console.error(`umf-checkout cannot start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
  console.log(options.describe(running, config).join('\n'));

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

  function configOrExit(): Config {
    let config: Config | undefined;
    let problems: readonly string[];
    let warnings: readonly string[] = [];
    try {
      config = loadConfig(process.env);
      problems = options.check?.(config) ?? [];
      warnings = config.warnings;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      ({ problems, warnings } = error);
    }
    if (config && problems.length === 0) return config;
    console.error('umf-checkout cannot start: the configuration is invalid.');
    for (const problem of problems) console.error(`  - ${problem}`);
    for (const warning of warnings) console.error(`  (warning) ${warning}`);
    process.exit(1);
  }
}

/**
 * Where the BFF is, as both entry points print it; `afterUrl` / `afterHealth` are lines of the
 * local stack (the demo shop, the sandbox) in their places.
 */
export function bffLines(
  running: RunningServer,
  config: Config,
  extra: { afterUrl?: string[]; afterHealth?: string[] } = {},
): string[] {
  const { url, devKey } = running;
  const lines = [`umf-checkout listening on ${url}`, ...(extra.afterUrl ?? [])];
  lines.push(`  GraphQL    ${url}/graphql`);
  if (config.nodeEnv === 'development') lines.push(`  GraphiQL   ${url}/graphql`);
  lines.push(`  health     ${url}/health   ready ${url}/ready`, ...(extra.afterHealth ?? []));
  if (devKey)
    lines.push(
      `  merchant API key (development, kept in ${devKey.path}):`,
      `    Authorization: Bearer ${devKey.key}`,
    );
  return lines;
}
