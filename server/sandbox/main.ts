// `npm run sandbox`: the UMF simulator alone (port UMF_SANDBOX_PORT, default 8090; data folder
// UMF_SANDBOX_DATA, default data/sandbox). Stops cleanly on SIGINT / SIGTERM.
import { runSandbox } from './cli.ts';

// One write per line, without console.log's formatting: the sandbox logs every request.
const { sandbox } = await runSandbox(process.env, (line) => process.stdout.write(`${line}\n`));

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping the UMF sandbox`);
  await sandbox.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
