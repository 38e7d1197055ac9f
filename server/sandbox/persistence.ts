// The sandbox's state on disk, so a restart on the same data folder keeps payments, refunds,
// customs declarations, payer agreements, SMS sent, notification deliveries, the token and the
// test clock (README "State across restarts"). An append-only journal, `state.jsonl`: one JSON
// line per changed record, written (to the journal's open file) before the answer that reports the change
// goes out; at start the journal is read, then rewritten compactly (temp file, fsync, rename),
// so a crash leaves either the old or the new file, and at worst a torn last line, which is
// skipped. A lock file keeps a second sandbox off the same folder while one runs.
// Card data is never written: payments hold a keyed fingerprint of the number and its last four.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import type { Clock } from './clock.ts';
import type { SandboxState, TrackedMap } from './state.ts';

export const STATE_FILE = 'state.jsonl';
export const LOCK_FILE = 'sandbox.lock';
const VERSION = 1;

/** The record maps journaled, by the line type that carries them. */
const MAPS = {
  payment: 'payments',
  refund: 'refunds',
  customs: 'customs',
  busi: 'busiAgreements',
  agreement: 'payAgreements',
} as const satisfies Record<string, keyof SandboxState>;
type MapKind = keyof typeof MAPS;
const KINDS = Object.keys(MAPS) as MapKind[];

export type Line =
  | { t: 'header'; version: number }
  | { t: MapKind; v: { id: string } }
  | { t: 'sms' | 'notification'; v: unknown }
  | { t: 'token'; v: unknown }
  | { t: 'clock'; v: number }
  | { t: 'reset' };

export type Journal = {
  /** Writes what changed since the last flush (touched records, new SMS and deliveries). */
  flush(): void;
  /** Forgets everything: the state was reset. */
  reset(): void;
  /** Flushes and releases the folder. */
  close(): void;
};

/**
 * A record with its bigint members (the amounts) written as {"$bigint":"123"}, in a shallow
 * copy; the record itself when it has none. Amounts are only ever a record's own members: the
 * rest of a record is what a request's JSON carried, strings and numbers. So JSON.stringify
 * runs without a replacer (a call per value, most of the cost), and a bigint anywhere deeper
 * would make it throw rather than be written some other way.
 */
function withAmounts(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key in record) {
    const member = record[key];
    if (typeof member !== 'bigint') continue;
    copy ??= { ...record };
    copy[key] = { $bigint: member.toString() };
  }
  return copy ?? record;
}

/** A journal line as JSON: `t` first, then the record (amounts as {"$bigint":"123"}). */
export function encode(line: Line): string {
  return JSON.stringify('v' in line ? { t: line.t, v: withAmounts(line.v) } : line);
}

/** A journal line read back, {"$bigint":"123"} as 123n. */
export function decode(text: string): Line {
  return JSON.parse(text, (_key, value) =>
    value !== null && typeof value === 'object' && typeof value.$bigint === 'string'
      ? BigInt(value.$bigint)
      : value,
  ) as Line;
}

/** Writes all of `text` at the end of the file open for appending. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length; )
    offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

const digest = (text: string) => createHash('sha1').update(text).digest('base64');

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder's lock; a lock of a process that is gone is taken over. */
function takeLock(dir: string): string {
  const file = join(dir, LOCK_FILE);
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && pidAlive(holder))
        throw new Error(
          `the sandbox data folder ${dir} is in use by another running sandbox (process ${holder}); stop it or give another UMF_SANDBOX_DATA`,
        );
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock the sandbox data folder ${dir}`);
}

function applyLine(state: SandboxState, clock: Clock, line: Line): void {
  if (line.t === 'header') {
    if (line.version !== VERSION)
      throw new Error(`unknown journal version ${line.version} (this sandbox writes ${VERSION})`);
  } else if (line.t === 'reset') {
    for (const name of Object.values(MAPS)) state[name].clear();
    state.sms.length = 0;
    state.notifications.length = 0;
    state.token = undefined;
    clock.setOffsetMs(0);
  } else if (line.t === 'sms') state.sms.push(line.v as SandboxState['sms'][number]);
  else if (line.t === 'notification')
    state.notifications.push(line.v as SandboxState['notifications'][number]);
  else if (line.t === 'token') state.token = line.v as SandboxState['token'];
  else if (line.t === 'clock') clock.setOffsetMs(line.v);
  else if (line.t in MAPS) {
    const record = line.v as { id: string };
    (state[MAPS[line.t as MapKind]] as TrackedMap<unknown>).set(record.id, record);
  }
}

/** Reads the journal into `state` (empty when there is none); throws naming a broken line. */
function load(file: string, state: SandboxState, clock: Clock): void {
  if (!existsSync(file)) return;
  const lines = readFileSync(file, 'utf8').split('\n');
  const last = lines.length - 1;
  for (const [index, text] of lines.entries()) {
    if (text.trim() === '') continue;
    let line: Line;
    try {
      line = decode(text);
    } catch {
      // A crash while appending leaves at most a torn last line: what it said was never answered.
      if (index === last || (index === last - 1 && lines[last] === '')) continue;
      throw new Error(`${file} line ${index + 1} is not JSON: the sandbox state is damaged`);
    }
    applyLine(state, clock, line);
  }
  for (const name of Object.values(MAPS)) state[name].drain();
}

/**
 * Opens the journal of a data folder: loads it into `state` and `clock`, rewrites it compactly
 * and returns the writer. The caller flushes after each unit of work.
 */
export function openJournal(dataDir: string, state: SandboxState, clock: Clock): Journal {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const lockFile = takeLock(dir);
  const file = join(dir, STATE_FILE);
  const written = new Map<string, string>();
  let sms = 0;
  let notifications = 0;
  let token = '';
  let clockOffset = 0;
  let appended = 0;
  let closed = false;
  let journalFd: number | undefined;
  try {
    load(file, state, clock);
  } catch (error) {
    rmSync(lockFile, { force: true });
    throw error;
  }

  function snapshotLines(): string[] {
    const lines: string[] = [encode({ t: 'header', version: VERSION })];
    written.clear();
    for (const kind of KINDS) {
      const map = state[MAPS[kind]] as TrackedMap<{ id: string }>;
      for (const record of map.values()) {
        const text = encode({ t: kind, v: record });
        written.set(`${kind}:${record.id}`, digest(text));
        lines.push(text);
      }
      map.drain();
    }
    for (const entry of state.sms) lines.push(encode({ t: 'sms', v: entry }));
    for (const entry of state.notifications) lines.push(encode({ t: 'notification', v: entry }));
    token = JSON.stringify(state.token ?? null);
    if (state.token) lines.push(encode({ t: 'token', v: state.token }));
    clockOffset = clock.offsetMs();
    if (clockOffset !== 0) lines.push(encode({ t: 'clock', v: clockOffset }));
    sms = state.sms.length;
    notifications = state.notifications.length;
    return lines;
  }

  /** The whole state as a new journal: temp file, fsync, rename. */
  function compact(): void {
    const temp = `${file}.tmp`;
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, `${snapshotLines().join('\n')}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
    appended = 0;
    // Appends go to the new file, through one descriptor (no open and close per flush).
    if (journalFd !== undefined) closeSync(journalFd);
    journalFd = openSync(file, 'a', 0o600);
  }

  function changedLines(): string[] {
    const lines: string[] = [];
    for (const kind of KINDS) {
      const map = state[MAPS[kind]] as TrackedMap<{ id: string }>;
      // Most flushes touch one map, or none (a control read, a timer that changed nothing).
      if (map.touched.size === 0) continue;
      for (const id of map.drain()) {
        const record = map.get(id);
        map.touched.delete(id);
        if (!record) continue;
        const text = encode({ t: kind, v: record });
        const hash = digest(text);
        if (written.get(`${kind}:${id}`) === hash) continue;
        written.set(`${kind}:${id}`, hash);
        lines.push(text);
      }
    }
    for (; sms < state.sms.length; sms++) lines.push(encode({ t: 'sms', v: state.sms[sms] }));
    for (; notifications < state.notifications.length; notifications++)
      lines.push(encode({ t: 'notification', v: state.notifications[notifications] }));
    const tokenNow = JSON.stringify(state.token ?? null);
    if (tokenNow !== token) {
      token = tokenNow;
      lines.push(encode({ t: 'token', v: state.token ?? null }));
    }
    if (clock.offsetMs() !== clockOffset) {
      clockOffset = clock.offsetMs();
      lines.push(encode({ t: 'clock', v: clockOffset }));
    }
    return lines;
  }

  compact();
  return {
    flush() {
      if (closed) return;
      const lines = changedLines();
      if (lines.length === 0) return;
      writeAll(journalFd as number, `${lines.join('\n')}\n`);
      appended += lines.length;
      // Keep the journal near the size of the state: rewrite it when it grew well beyond.
      if (appended > 10_000 && appended > 4 * written.size) compact();
    },
    reset() {
      if (closed) return;
      compact();
    },
    close() {
      if (closed) return;
      this.flush();
      closed = true;
      if (journalFd !== undefined) closeSync(journalFd);
      journalFd = undefined;
      rmSync(lockFile, { force: true });
    },
  };
}
