// The domain's name objects (`{ OPEN: 'OPEN', … }`: an `as const` object plus its union type,
// CONTRIBUTING "Conventions") made from the list of names, so that each name is written once
// and a list UMF or the public contract already defines is not written again.

/** `{ A: 'A', B: 'B' }` from `['A', 'B']`. */
export function namesOf<const T extends string>(names: readonly T[]): { readonly [K in T]: K } {
  return Object.fromEntries(names.map((name) => [name, name])) as { readonly [K in T]: K };
}

/** The union of a name object's values. */
export type NameOf<T> = T[keyof T];
