// The one SchemaBuilder. No GraphQL types here: each type lives in its own file.
import SchemaBuilder, { type ObjectRef } from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { GraphQLContext } from './context.ts';

export type Scopes = {
  /** The request carries a valid merchant API key. */
  merchant: boolean;
};

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  AuthScopes: Scopes;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  Scalars: {
    Decimal: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date | string };
  };
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  scopeAuth: {
    authScopes: (context) => ({ merchant: context.merchant }),
  },
  errors: { defaultTypes: [] },
});

type Types = (typeof builder)['$inferSchemaTypes'];

/** A merchant query `(id: ID!)` answering the node `find` gives, or null when there is none. */
export function nodeById<T>(
  t: PothosSchemaTypes.QueryFieldBuilder<Types, Types['Root']>,
  type: ObjectRef<Types, T>,
  find: (service: GraphQLContext['service'], id: string) => Promise<T | undefined>,
  description?: string,
) {
  return t.field({
    type,
    nullable: true,
    authScopes: { merchant: true },
    description,
    args: { id: t.arg.id() },
    // A generic node defeats Pothos's inference of the resolver's shape; `type` states it.
    resolve: (async (_root: unknown, args: { id: string | number }, context: GraphQLContext) =>
      (await find(context.service, String(args.id))) ?? null) as never,
  });
}
