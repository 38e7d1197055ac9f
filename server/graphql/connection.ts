// Relay connection parts shared by every list of the merchant API (checkouts, events).
import { GraphQLError } from 'graphql';
import { builder } from './builder.ts';

export type PageInfo = {
  hasNextPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
};

export const PageInfoRef = builder.objectRef<PageInfo>('PageInfo').implement({
  description: 'Relay page info. Lists page forward only (`first` / `after`).',
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    hasPreviousPage: t.boolean({
      description: 'Always false: pages are read forward only.',
      resolve: () => false,
    }),
    startCursor: t.exposeString('startCursor', { nullable: true }),
    endCursor: t.exposeString('endCursor', {
      nullable: true,
      description: 'Pass it as `after` for the next page.',
    }),
  }),
});

/** `first` checked against a list's limits: an error naming the argument. */
export function pageSize(first: number | null | undefined, fallback: number, max: number): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw argumentError('first', `first must be between 1 and ${max}`);
  }
  return size;
}

/** A top-level error naming the argument at fault (`extensions.field`). */
export function argumentError(field: string, message: string) {
  return new GraphQLError(message, { extensions: { code: 'VALIDATION', field } });
}
