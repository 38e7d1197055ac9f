// `npm run check:imports`: reads the relative imports of every .ts file under server/, widget/,
// common/, examples/, package/ and scripts/ and fails, listing each finding, on
//   (a) an import cycle among files, (b) a cycle among folders,
//   (c) an arrow against the layering (below), (d) a server/ file importing widget/, a
//   checkout/ or store/ file importing graphql/, (e) the production entry point's import
//   closure reaching server/sandbox/ or examples/.
// Type-only imports count: a cycle of types is still a cycle a reader has to untangle.
// `--root <dir>` checks another tree (the checker's own test plants a cycle in a temp folder).
//
// Layering, each layer importing only the ones below it (and itself):
//   http → graphql → checkout → notify | events | reconcile → store → domain → umf → common
// config/ is read by http and the composition root only; sandbox/ imports umf/ and common/;
// widget/ imports widget/ and common/; common/ imports nothing of ours outside common/;
// examples/ import nothing outside examples/ (they use the BFF's public API); package/ (the npm
// package's entry points) imports widget/ and common/, its testing.ts also server/sandbox/, and
// nothing imports package/.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_ROOTS = ['server', 'widget', 'common', 'examples', 'package', 'scripts'];
const ENTRY = 'server/main.ts';

/** Server layers, top first; a file may import its own layer's folder and any layer below. */
const SERVER_LAYERS: readonly (readonly string[])[] = [
  ['server/http'],
  ['server/graphql'],
  ['server/checkout'],
  ['server/notify', 'server/events', 'server/reconcile'],
  ['server/store'],
  ['server/domain'],
  ['server/umf'],
];

/**
 * Findings accepted for now, each with the reason and who removes it; a listed exception
 * that no longer occurs fails the check too, so the list cannot go stale.
 */
const KNOWN_EXCEPTIONS: readonly { finding: string; reason: string }[] = [];

export type Graph = { files: string[]; edges: Map<string, Set<string>> };

function walk(root: string, dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).flatMap((name) => {
    if (name === 'node_modules' || name.startsWith('.')) return [];
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return walk(root, path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path.split(sep).join('/')] : [];
  });
}

/** Source text without comments, so that an example in a comment is not read as an import. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/[^\n]*/g, '$1');
}

const IMPORT_PATTERNS = [
  /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

export function importsOf(text: string): string[] {
  const code = stripComments(text);
  const found = new Set<string>();
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of code.matchAll(pattern)) found.add(match[1]);
  }
  return [...found].filter((specifier) => specifier.startsWith('.'));
}

export function readGraph(root: string): { graph: Graph; unresolved: string[] } {
  const files = SOURCE_ROOTS.flatMap((dir) => walk(root, dir)).sort();
  const known = new Set(files);
  const edges = new Map<string, Set<string>>();
  const unresolved: string[] = [];
  for (const file of files) {
    const targets = new Set<string>();
    for (const specifier of importsOf(readFileSync(join(root, file), 'utf8'))) {
      const target = relative(root, resolve(root, dirname(file), specifier))
        .split(sep)
        .join('/');
      if (known.has(target)) targets.add(target);
      else if (target.endsWith('.ts') && !existsSync(join(root, target))) {
        unresolved.push(`${file} → ${specifier} (no such file)`);
      }
    }
    edges.set(file, targets);
  }
  return { graph: { files, edges }, unresolved };
}

/** Strongly connected components with more than one node, or a node importing itself. */
export function cycles(nodes: readonly string[], edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indexOf.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, indexOf.get(next) as number));
      }
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || edges.get(node)?.has(node)) found.push(component.sort());
    }
  };
  for (const node of nodes) if (!indexOf.has(node)) visit(node);
  return found;
}

/** One path through a component, first node again at the end, for a readable report. */
function cyclePath(component: string[], edges: Map<string, Set<string>>): string[] {
  const members = new Set(component);
  const start = component[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const next of edges.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]) as string);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return component;
}

const folderOf = (file: string) => dirname(file);
const under = (file: string, folder: string) => file === folder || file.startsWith(`${folder}/`);

function serverLayer(file: string): number | undefined {
  const index = SERVER_LAYERS.findIndex((layer) => layer.some((folder) => under(file, folder)));
  return index < 0 ? undefined : index;
}

/** Why the arrow `from → to` breaks the layering or a folder's rule, or undefined when it does not. */
export function arrowProblem(from: string, to: string): string | undefined {
  if (under(to, 'package') && !under(from, 'package'))
    return 'nothing imports package/ (the npm entry points re-export, they are not a layer)';
  if (under(from, 'package')) {
    if (under(to, 'package') || under(to, 'widget') || under(to, 'common')) return undefined;
    if (from === 'package/testing.ts' && under(to, 'server/sandbox')) return undefined;
    return 'package/ imports widget/ and common/ (testing.ts also server/sandbox/)';
  }
  if (under(from, 'common') && !under(to, 'common'))
    return 'common/ imports nothing outside common/';
  if (under(from, 'widget') && !under(to, 'widget') && !under(to, 'common')) {
    return 'widget/ imports only widget/ and common/';
  }
  if (under(from, 'examples') && !under(to, 'examples')) {
    return 'an example uses the BFF through its public API only: it imports nothing outside examples/';
  }
  if (under(from, 'server') && under(to, 'widget')) return 'no server/ file imports widget/';
  if (
    (under(from, 'server/checkout') || under(from, 'server/store')) &&
    under(to, 'server/graphql')
  ) {
    return 'no checkout/ or store/ file imports graphql/';
  }
  if (under(from, 'server/sandbox')) {
    if (!under(to, 'server/sandbox') && !under(to, 'server/umf') && !under(to, 'common')) {
      return 'sandbox/ imports only sandbox/, umf/ and common/';
    }
    return undefined;
  }
  if (under(to, 'server/config') && !under(from, 'server/config')) {
    const composition = folderOf(from) === 'server' || under(from, 'server/http');
    if (under(from, 'server') && !composition) {
      return 'config/ is read by http/ and the composition root only';
    }
  }
  const fromLayer = serverLayer(from);
  const toLayer = serverLayer(to);
  if (fromLayer !== undefined && toLayer !== undefined && toLayer < fromLayer) {
    return `${SERVER_LAYERS[fromLayer].join('|')} sits below ${SERVER_LAYERS[toLayer].join('|')}`;
  }
  if (
    fromLayer !== undefined &&
    fromLayer > 0 &&
    (under(to, 'server/sandbox') || under(to, 'examples'))
  ) {
    return 'the server layers below http/ never import the sandbox or the examples';
  }
  return undefined;
}

function closure(start: string, edges: Map<string, Set<string>>): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const next of edges.get(queue.shift() as string) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

export type Report = { files: number; edges: number; folders: number; findings: string[] };

export function check(root: string): Report {
  const { graph, unresolved } = readGraph(root);
  const findings: string[] = unresolved.map((line) => `unresolved import: ${line}`);
  let edgeCount = 0;

  for (const component of cycles(graph.files, graph.edges)) {
    findings.push(`(a) file cycle: ${cyclePath(component, graph.edges).join(' → ')}`);
  }

  const folderEdges = new Map<string, Set<string>>();
  for (const [from, targets] of graph.edges) {
    edgeCount += targets.size;
    for (const to of targets) {
      if (folderOf(from) !== folderOf(to)) {
        const set = folderEdges.get(folderOf(from)) ?? new Set<string>();
        set.add(folderOf(to));
        folderEdges.set(folderOf(from), set);
      }
      const problem = arrowProblem(from, to);
      if (problem) findings.push(`(c/d) ${from} → ${to}: ${problem}`);
    }
  }
  const folders = [...new Set(graph.files.map(folderOf))].sort();
  for (const component of cycles(folders, folderEdges)) {
    findings.push(`(b) folder cycle: ${cyclePath(component, folderEdges).join('/ → ')}/`);
  }

  if (graph.edges.has(ENTRY)) {
    const outside = (file: string) => under(file, 'server/sandbox') || under(file, 'examples');
    const reached = closure(ENTRY, graph.edges);
    for (const from of [...reached].sort()) {
      if (outside(from)) continue;
      for (const to of graph.edges.get(from) ?? []) {
        if (outside(to))
          findings.push(`(e) the production entry ${ENTRY} reaches ${to} via ${from}`);
      }
    }
  }
  return { files: graph.files.length, edges: edgeCount, folders: folders.length, findings };
}

function main() {
  const args = process.argv.slice(2);
  const rootArg = args.indexOf('--root');
  const root =
    rootArg >= 0 ? resolve(args[rootArg + 1]) : fileURLToPath(new URL('../', import.meta.url));
  const report = check(root);
  // The exceptions are this repository's; another tree (--root) is judged without them.
  const exceptions = rootArg >= 0 ? [] : KNOWN_EXCEPTIONS;
  const accepted = new Set(exceptions.map((exception) => exception.finding));
  const failing = report.findings.filter((finding) => !accepted.has(finding));
  const stale = exceptions.filter((exception) => !report.findings.includes(exception.finding));

  console.log(
    `check-imports: ${report.files} files, ${report.edges} relative imports, ${report.folders} folders under ${SOURCE_ROOTS.join('/, ')}/`,
  );
  console.log('check-imports: checked file cycles, folder cycles, layering, forbidden imports,');
  console.log(`               and the import closure of ${ENTRY}`);
  for (const exception of exceptions) {
    if (report.findings.includes(exception.finding)) {
      console.log(`known exception: ${exception.finding}\n  (${exception.reason})`);
    }
  }
  for (const exception of stale) {
    console.error(`stale exception (no longer found, remove it): ${exception.finding}`);
  }
  for (const finding of failing) console.error(finding);
  if (failing.length > 0 || stale.length > 0) {
    console.error(`check-imports: ${failing.length + stale.length} problem(s)`);
    process.exit(1);
  }
  console.log('check-imports: no problems');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
