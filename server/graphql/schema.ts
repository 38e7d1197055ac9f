// The schema: imports every type file once, then builds.
import type { GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import './scalars.ts';
import './enums.ts';
import './checkout.ts';
import './errors.ts';
import './payments.ts';
import './hosted-payments.ts';
import './merchant.ts';
import './reports.ts';
import './checkouts.ts';
import './customs.ts';
import './events.ts';
import './saved-cards.ts';

let schema: GraphQLSchema | undefined;

export function buildSchema(): GraphQLSchema {
  if (!schema) {
    builder.queryType({});
    builder.mutationType({});
    builder.subscriptionType({});
    schema = builder.toSchema({ sortSchema: true });
  }
  return schema;
}
