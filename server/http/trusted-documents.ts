// The trusted documents a request without the merchant key may run: the widget's manifest
// (schema/trusted-documents.json) plus the merchant's own (TRUSTED_DOCUMENTS_FILES), each a
// JSON object `{ "<sha256 hex of the document>": "<document>" }` (README "Trusted documents").
// The widget's own documents are also found by their short id (the hash's first 8 hex digits):
// what the widget sends, so its bundle carries 8 digits per document instead of 64.
// The one definition of the hash rule and of the manifest checks: the BFF at start,
// `npm run schema:print` and `npm run trusted-documents` all use it.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  type DefinitionNode,
  type DocumentNode,
  type GraphQLSchema,
  Kind,
  parse,
  Source,
  validate,
  visit,
} from 'graphql';

export type TrustedDocuments = ReadonlyMap<string, string>;

export const WIDGET_MANIFEST = fileURLToPath(
  new URL('../../schema/trusted-documents.json', import.meta.url),
);

/** A manifest key: the SHA-256 hex (lowercase) of the exact document text, UTF-8. */
export function documentHash(document: string): string {
  return createHash('sha256').update(document, 'utf8').digest('hex');
}

/** How many leading hex digits of its SHA-256 the widget sends as a document's id. */
export const WIDGET_ID_DIGITS = 8;

/**
 * The id the widget sends for one of its own documents: the first 8 hex digits of the SHA-256.
 * Only the widget's manifest answers to it; other manifests' documents need their full hash.
 */
export const widgetDocumentId = (hash: string): string => hash.slice(0, WIDGET_ID_DIGITS);

/** Parses one manifest; every key must be the sha256 of its document. */
export function parseManifest(text: string, source: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${source}: not valid JSON`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error(`${source}: expected an object { "<sha256 hex>": "<document>" }`);
  const documents = new Map<string, string>();
  for (const [hash, document] of Object.entries(parsed)) {
    if (typeof document !== 'string') throw new Error(`${source}: ${hash} is not a string`);
    const actual = documentHash(document);
    if (actual !== hash.toLowerCase())
      throw new Error(
        `${source}: ${hash} is not the SHA-256 hex of its document text (that is ${actual}); ` +
          'write manifests with `npm run trusted-documents`',
      );
    documents.set(hash.toLowerCase(), document);
  }
  return documents;
}

/**
 * What the schema rejects in one manifest's documents, one line each naming the source, the
 * operation (or the hash when it has no name) and the problem; empty when all are valid.
 */
export function documentProblems(
  schema: GraphQLSchema,
  documents: ReadonlyMap<string, string>,
  source: string,
): string[] {
  const problems: string[] = [];
  for (const [hash, document] of documents) {
    let parsed: DocumentNode;
    try {
      parsed = parse(document);
    } catch (error) {
      problems.push(`${source}: document ${hash}: ${(error as Error).message}`);
      continue;
    }
    const names = parsed.definitions
      .filter((d) => d.kind === Kind.OPERATION_DEFINITION)
      .map((d) => d.name?.value ?? `(anonymous ${d.operation}, ${hash})`);
    const label = names.length > 0 ? `operation ${names.join(', ')}` : `document ${hash}`;
    for (const error of validate(schema, parsed))
      problems.push(`${source}: ${label}: ${error.message}`);
  }
  return problems;
}

export type LoadOptions = {
  /** The widget's manifest (default schema/trusted-documents.json; skipped when missing). */
  widgetManifest?: string;
  /** Every document is validated against it; any problem stops the load. */
  schema?: GraphQLSchema;
};

/**
 * The widget manifest (when present) merged with the extra files, which must exist: each
 * document under its full hash, the widget's also under its short id (widgetDocumentId). With a
 * schema, a document the schema rejects throws one error listing every such document.
 */
export async function loadTrustedDocuments(
  extraFiles: readonly string[],
  options: LoadOptions = {},
): Promise<Map<string, string>> {
  const widgetManifest = options.widgetManifest ?? WIDGET_MANIFEST;
  const documents = new Map<string, string>();
  const widget = await readFile(widgetManifest, 'utf8').catch(() => undefined);
  const sources = [
    ...(widget === undefined ? [] : [{ path: widgetManifest, text: widget }]),
    ...(await Promise.all(
      extraFiles.map(async (path) => ({ path, text: await readFile(path, 'utf8') })),
    )),
  ];
  const problems: string[] = [];
  for (const { path, text } of sources) {
    const manifest = parseManifest(text, path);
    if (options.schema) problems.push(...documentProblems(options.schema, manifest, path));
    for (const [hash, document] of manifest) {
      documents.set(hash, document);
      if (path === widgetManifest) documents.set(widgetDocumentId(hash), document);
    }
  }
  if (problems.length > 0)
    throw new Error(
      `trusted documents the schema rejects:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  return documents;
}

/**
 * One trusted document per operation of a .graphql file, as `npm run trusted-documents` writes
 * them: the operation's exact text as written in the file, followed by the text of each
 * fragment it uses (in file order, separated by a blank line).
 */
export function operationDocuments(text: string, source: string): Map<string, string> {
  const body = new Source(text, source);
  const parsed = parse(body);
  const fragments = new Map<string, DefinitionNode>();
  for (const definition of parsed.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  const slice = (node: DefinitionNode) => text.slice(node.loc?.start ?? 0, node.loc?.end ?? 0);
  const operations = new Map<string, string>();
  for (const definition of parsed.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const name = definition.name?.value;
    if (!name) throw new Error(`${source}: every operation needs a name (one is anonymous)`);
    if (operations.has(name)) throw new Error(`${source}: two operations are named ${name}`);
    const used = new Set<string>();
    const pending: DefinitionNode[] = [definition];
    while (pending.length > 0) {
      visit(pending.pop() as DefinitionNode, {
        FragmentSpread(node) {
          const fragment = fragments.get(node.name.value);
          if (fragment === undefined || used.has(node.name.value)) return;
          used.add(node.name.value);
          pending.push(fragment);
        },
      });
    }
    const parts = [slice(definition)];
    for (const [fragmentName, fragment] of fragments)
      if (used.has(fragmentName)) parts.push(slice(fragment));
    operations.set(name, parts.join('\n\n'));
  }
  return operations;
}

/** A manifest's text: keys sorted, two-space indent, final newline. */
export function manifestText(documents: Iterable<string>): string {
  const entries = [...documents].map((document) => [documentHash(document), document] as const);
  entries.sort(([a], [b]) => a.localeCompare(b));
  return `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
}
