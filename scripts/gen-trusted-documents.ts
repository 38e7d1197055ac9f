// `npm run schema:print` (second step): the widget's operations (widget/api/client.ts OPERATIONS)
// validated against the schema and written to schema/trusted-documents.json as
// { "<sha256 hex of the document>": "<document>" }, sorted. `--check`: exits 1 on a stale file.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, validate } from 'graphql';
import { buildSchema } from '../server/graphql/schema.ts';
import { documentHash } from '../server/http/trusted-documents.ts';
import { OPERATIONS } from '../widget/api/client.ts';

const target = fileURLToPath(new URL('../schema/trusted-documents.json', import.meta.url));
const schema = buildSchema();
const problems: string[] = [];
const manifest: Record<string, string> = {};

for (const [name, document] of Object.entries(OPERATIONS).sort(([a], [b]) => a.localeCompare(b))) {
  try {
    const errors = validate(schema, parse(document));
    for (const error of errors) problems.push(`${name}: ${error.message}`);
  } catch (error) {
    problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  manifest[documentHash(document)] = document;
}
if (problems.length > 0) {
  console.error('widget/api/client.ts holds operations the schema rejects:');
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exit(1);
}

const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)));
const text = `${JSON.stringify(sorted, null, 2)}\n`;

if (process.argv.includes('--check')) {
  let committed: string | undefined;
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    committed = undefined;
  }
  if (committed !== text) {
    console.error(
      'schema/trusted-documents.json does not match widget/api/client.ts: run `npm run schema:print` and commit it.',
    );
    process.exit(1);
  }
  console.log('schema/trusted-documents.json is up to date.');
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target} (${Object.keys(sorted).length} documents)`);
}
