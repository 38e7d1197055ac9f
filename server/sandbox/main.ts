// `npm run sandbox`: the UMF simulator alone (port UMF_SANDBOX_PORT, default 8090; data folder
// UMF_SANDBOX_DATA, default data/sandbox). Stops cleanly on SIGINT / SIGTERM.
import { runSandbox } from './cli.ts';

// The sandbox logs every request: the lines of one turn of the event loop go out in one write,
// without console.log's formatting, in order, before the next turn (and before exiting).
let pending = '';
function writeLog(): void {
  if (pending === '') return;
  const text = pending;
  pending = '';
  process.stdout.write(text);
}
function print(line: string): void {
  if (pending === '') setImmediate(writeLog);
  pending += `${line}\n`;
}

const { sandbox } = await runSandbox(process.env, print);
writeLog();

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  writeLog();
  console.log(`${signal}: stopping the UMF sandbox`);
  await sandbox.close();
  writeLog();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
