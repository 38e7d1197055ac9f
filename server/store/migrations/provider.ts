import type { Migration, MigrationProvider } from 'kysely/migration';
import * as initial from './0001-initial.ts';
import * as reconcile from './0002-reconcile.ts';
import * as duplicatePayments from './0003-duplicate-payments.ts';
import * as idempotencyKeys from './0004-idempotency-keys.ts';
import * as listingAndCustoms from './0005-listing-and-customs.ts';
import * as savedCards from './0006-saved-cards.ts';
import * as checkoutEvents from './0007-checkout-events.ts';

// In code, not read from a folder: works the same under tsx, a bundle or a test runner.
// Append new migrations; never change what one that has shipped builds (the store suite
// compares the migrated schema with its snapshot on both backends).
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-reconcile': reconcile,
  '0003-duplicate-payments': duplicatePayments,
  '0004-idempotency-keys': idempotencyKeys,
  '0005-listing-and-customs': listingAndCustoms,
  '0006-saved-cards': savedCards,
  '0007-checkout-events': checkoutEvents,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
