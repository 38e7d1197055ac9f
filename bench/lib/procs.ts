// Child processes the bench starts (the BFF, the sandbox, the bare Yoga): started with plain
// `node` (no tsx CLI wrapper, so the pid is the server itself), their CPU time and resident
// memory read from /proc, stopped by their pid with SIGTERM (SIGKILL after 10 s).
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

export type Child = {
  proc: ChildProcess;
  pid: number;
  /** Everything the child printed (stdout + stderr), for errors. */
  output(): string;
  /** User + system CPU time so far, µs (10 ms resolution). */
  cpuMicros(): number;
  /** Resident set size now, bytes. */
  rss(): number;
  stop(): Promise<void>;
};

/** The whole machine's CPU time so far, all cores, µs: busy (every state but idle), and total. */
export function machineCpuMicros(): { busy: number; total: number } {
  // The first line of /proc/stat: user nice system idle iowait irq softirq steal (ticks).
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = ticks.map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  const micros = (n: number) => (n / TICKS_PER_SECOND) * 1e6;
  return { busy: micros(busy), total: micros(busy + idle + iowait) };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node <args>` with its output going to `logFile` (a file, as a production log
 * would: the bench does not spend its own CPU reading the server's log), and resolves when
 * the log shows `ready`.
 */
export async function startChild(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  logFile: string,
  timeoutMs = 60_000,
): Promise<{ child: Child; match: RegExpExecArray }> {
  const fd = openSync(logFile, 'w');
  const proc = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const output = () => readFileSync(logFile, 'utf8');
  const child: Child = {
    proc,
    pid: proc.pid ?? 0,
    output,
    cpuMicros() {
      const stat = readFileSync(`/proc/${proc.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[11], [12]: utime, stime (fields 14, 15 of proc(5), counted from the state field).
      return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1e6;
    },
    rss() {
      const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) * 1024;
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = ready.exec(output());
    if (match) return { child, match };
    if (proc.exitCode !== null || proc.signalCode !== null)
      throw new Error(`node ${args.join(' ')} exited\n${output().slice(-3000)}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(
        `node ${args.join(' ')}: not ready after ${timeoutMs} ms\n${output().slice(-3000)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
