// `npm run trusted-documents -- my-ops.graphql [more.graphql …] [--out file.json]`: the manifest
// of your own frontend's operations, hashed and checked exactly as the BFF does at start
// (server/http/trusted-documents.ts). Each named operation becomes one document: its text as
// written in the file, then the fragments it uses. Default output: trusted-documents.json.
// List the file in TRUSTED_DOCUMENTS_FILES (README "Trusted documents").
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema } from '../server/graphql/schema.ts';
import {
  documentHash,
  documentProblems,
  manifestText,
  operationDocuments,
} from '../server/http/trusted-documents.ts';

const USAGE = 'usage: npm run trusted-documents -- <file.graphql> … [--out trusted-documents.json]';

function fail(lines: string[]): never {
  for (const line of lines) console.error(line);
  process.exit(1);
}

// `npm run` starts in the package folder; names are relative to where it was typed.
const here = process.env.INIT_CWD ?? process.cwd();
const args = process.argv.slice(2);
let out = '';
const inputs: string[] = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i] as string;
  if (arg === '--out' || arg === '-o') {
    const next = args[++i];
    if (next === undefined) fail([`${arg} needs a file name`, USAGE]);
    out = resolve(here, next);
  } else if (arg.startsWith('-')) fail([`unknown option ${arg}`, USAGE]);
  else inputs.push(resolve(here, arg));
}
if (out === '') out = resolve(here, 'trusted-documents.json');
if (inputs.length === 0) fail([USAGE]);

const schema = buildSchema();
const byName = new Map<string, { file: string; document: string }>();
const problems: string[] = [];
for (const file of inputs) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    fail([`${file}: cannot be read`]);
  }
  let operations: Map<string, string>;
  try {
    operations = operationDocuments(text, file);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
    continue;
  }
  for (const [name, document] of operations) {
    const earlier = byName.get(name);
    if (earlier) problems.push(`${file}: operation ${name} is also in ${earlier.file}`);
    byName.set(name, { file, document });
    problems.push(...documentProblems(schema, new Map([[documentHash(document), document]]), file));
  }
}
if (problems.length > 0)
  fail(['documents the schema rejects (nothing written):', ...problems.map((p) => `  - ${p}`)]);
if (byName.size === 0) fail([`${inputs.join(', ')}: no operation found`]);

writeFileSync(out, manifestText([...byName.values()].map(({ document }) => document)));
console.log(`wrote ${out} (${byName.size} documents)`);
for (const [name, { document }] of byName) console.log(`  ${documentHash(document)}  ${name}`);
