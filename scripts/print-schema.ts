// `npm run schema:print`: writes the sorted SDL of the Pothos schema to schema/schema.graphql.
// `--check`: exits 1 when the committed file differs from the code (CI drift check).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from '../server/graphql/schema.ts';

const target = fileURLToPath(new URL('../schema/schema.graphql', import.meta.url));
const sdl = `${printSchema(lexicographicSortSchema(buildSchema()))}\n`;

if (process.argv.includes('--check')) {
  let committed: string | undefined;
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    committed = undefined;
  }
  if (committed !== sdl) {
    console.error(
      committed === undefined
        ? 'schema/schema.graphql is missing: run `npm run schema:print` and commit it.'
        : 'schema/schema.graphql is out of date with server/graphql: run `npm run schema:print` and commit the result.',
    );
    process.exit(1);
  }
  console.log('schema/schema.graphql is up to date.');
} else {
  writeFileSync(target, sdl);
  console.log(`wrote ${target}`);
}
