import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planBackends } from './backends.ts';
import { checkoutSuite } from './suites/checkout-suite.ts';
import { duplicateSuite } from './suites/duplicate-suite.ts';
import { idempotencySuite } from './suites/idempotency-suite.ts';
import { paymentSuite } from './suites/payment-suite.ts';
import { reconcileSuite } from './suites/reconcile-suite.ts';
import { refundOutboxSuite } from './suites/refund-outbox-suite.ts';
import { savedCardSuite } from './suites/saved-card-suite.ts';
import { schemaSuite } from './suites/schema-suite.ts';
import { statementSuite } from './suites/statement-suite.ts';

// One suite, every backend: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.
const plan = planBackends();

if (plan.notice) console.log(plan.notice);
if (plan.missing) {
  const message = plan.missing;
  test('store suite on postgres', () => assert.fail(message));
}

for (const backend of plan.backends) {
  describe(`store on ${backend.name}`, () => {
    checkoutSuite(backend);
    paymentSuite(backend);
    refundOutboxSuite(backend);
    duplicateSuite(backend);
    idempotencySuite(backend);
    reconcileSuite(backend);
    savedCardSuite(backend);
    schemaSuite(backend);
    statementSuite(backend);
  });
}
