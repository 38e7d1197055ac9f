// The trusted documents a request without the merchant key may run: the widget's manifest
// (schema/trusted-documents.json) plus the merchant's own (TRUSTED_DOCUMENTS_FILES), each a
// JSON object `{ "<sha256 hex of the document>": "<document>" }`.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export type TrustedDocuments = ReadonlyMap<string, string>;

export const WIDGET_MANIFEST = fileURLToPath(
  new URL('../../schema/trusted-documents.json', import.meta.url),
);

export function documentHash(document: string): string {
  return createHash('sha256').update(document, 'utf8').digest('hex');
}

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
    if (documentHash(document) !== hash.toLowerCase())
      throw new Error(`${source}: ${hash} is not the sha256 of its document`);
    documents.set(hash.toLowerCase(), document);
  }
  return documents;
}

/** The widget manifest (when present) merged with the extra files, which must exist. */
export async function loadTrustedDocuments(
  extraFiles: readonly string[],
  widgetManifest: string = WIDGET_MANIFEST,
): Promise<Map<string, string>> {
  const documents = new Map<string, string>();
  const widget = await readFile(widgetManifest, 'utf8').catch(() => undefined);
  const sources = [
    ...(widget === undefined ? [] : [{ path: widgetManifest, text: widget }]),
    ...(await Promise.all(
      extraFiles.map(async (path) => ({ path, text: await readFile(path, 'utf8') })),
    )),
  ];
  for (const { path, text } of sources)
    for (const [hash, document] of parseManifest(text, path)) documents.set(hash, document);
  return documents;
}
