// The baseline server: a bare graphql-yoga (no plugins, no store, no logging) with the BFF's
// own schema, answering the widget's `checkout` read with the bytes the BFF answered (read
// from BARE_ANSWER_FILE). Plain JavaScript run by plain node: the floor a Yoga server costs.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';

const root = new URL('../', import.meta.url);
const answer = JSON.parse(readFileSync(process.env.BARE_ANSWER_FILE, 'utf8'));
const typeDefs = readFileSync(new URL('schema/schema.graphql', root), 'utf8');
const schema = createSchema({
  typeDefs,
  resolvers: { Query: { checkout: () => answer.data.checkout } },
  resolverValidationOptions: { requireResolversToMatchSchema: 'ignore' },
});
const yoga = createYoga({ schema, logging: false, graphiql: false, landingPage: false });
const server = createServer(yoga);
server.listen(Number(process.env.BARE_PORT), '127.0.0.1', () => {
  console.log(`bare yoga listening on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
