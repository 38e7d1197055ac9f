// Relay connection parts shared by every list of the merchant API (checkouts, events).
import type { ObjectRef } from '@pothos/core';
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

/** One page of a list: its nodes in order, and whether more follow. */
export type Page<T> = { nodes: T[]; hasNextPage: boolean };

/**
 * `<name>Edge` and `<name>Connection` over a page of `nodeRef` nodes: edges and nodes in order,
 * and the page info with the first and last node's cursors.
 */
export function connectionOf<T>(
  name: string,
  nodeRef: ObjectRef<(typeof builder)['$inferSchemaTypes'], T>,
  cursorOf: (node: T) => string,
) {
  const EdgeRef = builder.objectRef<T>(`${name}Edge`).implement({
    fields: (t) => ({
      cursor: t.string({
        description: 'Opaque: pass it as `after` to read on from here.',
        resolve: (node) => cursorOf(node),
      }),
      // A generic node defeats Pothos's inference of the resolver's shape; nodeRef states it.
      node: t.field({ type: nodeRef, resolve: (node) => node as never }),
    }),
  });
  return builder.objectRef<Page<T>>(`${name}Connection`).implement({
    fields: (t) => ({
      edges: t.field({ type: [EdgeRef], resolve: (page) => page.nodes }),
      nodes: t.field({ type: [nodeRef], resolve: (page) => page.nodes }),
      pageInfo: t.field({
        type: PageInfoRef,
        resolve: (page) => {
          const first = page.nodes[0];
          const last = page.nodes.at(-1);
          return {
            hasNextPage: page.hasNextPage,
            startCursor: first ? cursorOf(first) : null,
            endCursor: last ? cursorOf(last) : null,
          };
        },
      }),
    }),
  });
}

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
