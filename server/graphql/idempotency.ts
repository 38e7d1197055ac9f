// Idempotency keys on merchant mutations: an `idempotencyKey` input field (or argument) and the
// `Idempotency-Key` header, Stripe's convention; both given must agree. A mutation opts in with
// `resolve: idempotent('name', …)` plus an optional `idempotencyKey` string in its input (or
// arguments) described by IDEMPOTENCY_KEY_DESCRIPTION.

import type { IdempotentRequest } from '../checkout/idempotency.ts';
import { validationError } from '../domain/errors.ts';
import type { GraphQLContext } from './context.ts';

export const IDEMPOTENCY_KEY_DESCRIPTION =
  'Send the same key again (16–255 letters, digits or - _ . : ~ + / =; a UUID) to get the ' +
  'first answer instead of running twice; the same key with other input is ' +
  'IDEMPOTENCY_KEY_REUSED. Kept at least 24 hours. The Idempotency-Key header works too.';

type Args = Record<string, unknown>;

/** Wraps a mutation's resolver so a repeated key answers the first result. */
export function idempotent<Parent, A extends Args, Result>(
  operation: string,
  resolve: (parent: Parent, args: A, context: GraphQLContext) => Promise<Result> | Result,
  options: Pick<IdempotentRequest, 'releaseOn'> = {},
) {
  return async (parent: Parent, args: A, context: GraphQLContext): Promise<Result> => {
    const { key, input } = keyAndInput(args, context.idempotencyKey);
    if (key === undefined) return resolve(parent, args, context);
    return context.service.idempotent({ scope: operation, key, input, ...options }, async () =>
      resolve(parent, args, context),
    );
  };
}

/** The key (argument or input field, else the header) and the arguments without it. */
function keyAndInput(args: Args, header: string | null) {
  const { idempotencyKey: argument, ...rest } = args;
  let field: unknown;
  let input: Args = rest;
  if (isObject(rest.input) && 'idempotencyKey' in rest.input) {
    const { idempotencyKey, ...fields } = rest.input;
    field = idempotencyKey;
    input = { ...rest, input: fields };
  }
  const given = [argument, field].find((value) => typeof value === 'string') as string | undefined;
  if (given !== undefined && header !== null && given !== header) {
    throw validationError(
      'idempotencyKey',
      'the Idempotency-Key header and the idempotencyKey input differ',
    );
  }
  return { key: given ?? header ?? undefined, input };
}

function isObject(value: unknown): value is Args {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
