// Reads a V8 .cpuprofile (node --cpu-prof) and prints where the time went: self time by
// function and by file/package, and inclusive time of the project's own functions, each in µs
// per unit of work (a request, a checkout) and in % of the profile.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './stack.ts';

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
};
type Profile = {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
};

function where(url: string): string {
  if (!url) return '(native/vm)';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = path.slice(modules + 14).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (path.startsWith('node:')) return path;
  return path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
}

export type ProfileSummary = { lines: string[] };

/**
 * The main thread's profile in `dir` (with --import tsx, the loader's worker thread writes a
 * second one): the one naming `marker` (the BFF's HTTP layer by default).
 */
export function mainThreadProfile(dir: string, marker = '/server/http/'): string {
  const files = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
  const main = files.find((name) => readFileSync(join(dir, name), 'utf8').includes(marker));
  if (!main) throw new Error(`no main-thread profile among ${files.join(', ')}`);
  return join(dir, main);
}

/** The monotonic clock V8's profiles use, in µs (to cut a profile to the measured window). */
export const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

export function summarise(
  file: string,
  units: number,
  unitName: string,
  window?: { from: number; to: number },
  top = 15,
): string[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  if (window) {
    // Keep only the samples inside the window (start-up and shutdown left out).
    let at = profile.startTime;
    const kept = { samples: [] as number[], timeDeltas: [] as number[] };
    for (let i = 0; i < profile.samples.length; i += 1) {
      at += profile.timeDeltas[i] ?? 0;
      if (at < window.from || at > window.to) continue;
      kept.samples.push(profile.samples[i]);
      kept.timeDeltas.push(profile.timeDeltas[i] ?? 0);
    }
    if (kept.samples.length > 0) {
      profile.samples = kept.samples;
      profile.timeDeltas = kept.timeDeltas;
      profile.startTime = Math.max(profile.startTime, window.from);
      profile.endTime = Math.min(profile.endTime, window.to);
    }
  }
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i += 1) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const totalUs = profile.endTime - profile.startTime;
  const idle = [...self].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)');
  const idleUs = idle.reduce((sum, [, us]) => sum + us, 0);
  const busyUs = totalUs - idleUs;
  const key = (node: Node) =>
    `${node.callFrame.functionName || '(anonymous)'} ${where(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
  const bump = (map: Map<string, number>, k: string, us: number) =>
    map.set(k, (map.get(k) ?? 0) + us);
  const selfByFunction = new Map<string, number>();
  const selfByPlace = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    bump(selfByFunction, key(node), us);
    bump(selfByPlace, where(node.callFrame.url), us);
  }
  // Inclusive time of our own functions (server/, common/), counted once per stack.
  const inclusive = new Map<string, number>();
  const walk = (id: number, onStack: Set<string>): number => {
    const node = byId.get(id);
    if (!node) return 0;
    let us = self.get(id) ?? 0;
    const k = key(node);
    const ours = /^(server|common)\//.test(where(node.callFrame.url));
    const fresh = ours && !onStack.has(k);
    if (fresh) onStack.add(k);
    for (const child of node.children ?? []) us += walk(child, onStack);
    if (fresh) {
      onStack.delete(k);
      bump(inclusive, k, us);
    }
    return us;
  };
  walk(profile.nodes[0].id, new Set());
  const fmt = (entries: Map<string, number>, n: number) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([name, us]) =>
          `  ${(us / units).toFixed(0).padStart(6)} µs/${unitName}  ${((us / busyUs) * 100).toFixed(1).padStart(5)} %  ${name}`,
      );
  return [
    `profile: ${(busyUs / 1000).toFixed(0)} ms busy of ${(totalUs / 1000).toFixed(0)} ms, ${units} ${unitName}s → ${(busyUs / units).toFixed(0)} µs busy per ${unitName}`,
    'self time by file / package:',
    ...fmt(selfByPlace, top),
    'self time by function:',
    ...fmt(selfByFunction, top),
    'inclusive time of the project’s own functions:',
    ...fmt(inclusive, top + 5),
  ];
}
