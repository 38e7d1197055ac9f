// Two BFF instances on one fresh PostgreSQL schema and one (remote) UMF sandbox, as behind a
// load balancer: PUBLIC_URL of both is instance A, so UMF notifies A.
import { describe } from 'node:test';
import type { Sandbox, SandboxOptions } from '../../../server/sandbox/types.ts';
import { type Bff, startBff, startRemoteSandbox } from '../../support/bff.ts';
import { liveView, useStarted } from '../../support/hooks.ts';
import { freshSchema, postgresUrlFor, type TestSchema } from './postgres.ts';

export type InstancePair = {
  schema: TestSchema;
  sandbox: Sandbox;
  a: Bff;
  b: Bff;
  close(): Promise<void>;
};

export async function startInstancePair(
  baseUrl: string,
  sandboxOptions: SandboxOptions,
): Promise<InstancePair> {
  const schema = await freshSchema(baseUrl);
  const remote = await startRemoteSandbox(sandboxOptions);
  const env = { DATABASE_URL: schema.url };
  const a = await startBff({ env, remote });
  const b = await startBff({ env: { ...env, PUBLIC_URL: a.url }, remote });
  return {
    schema,
    sandbox: remote.sandbox,
    a,
    b,
    async close() {
      await Promise.all([a.close(), b.close()]);
      await remote.close();
      await schema.dispose();
    },
  };
}

/**
 * A suite of tests on one instance pair (startInstancePair), started before its tests and
 * closed after them; registered only with a PostgreSQL to run on (see postgresUrlFor). `body`
 * registers the tests; the pair it gets reads the running pair.
 */
export function describeInstancePair(
  name: string,
  sandboxOptions: SandboxOptions,
  body: (pair: Omit<InstancePair, 'close'>) => void,
) {
  const baseUrl = postgresUrlFor(`${name} (needs PostgreSQL)`);
  if (!baseUrl) return;
  describe(name, () => {
    const current = useStarted(
      'describeInstancePair',
      () => startInstancePair(baseUrl, sandboxOptions),
      (pair) => pair.close(),
    );
    body(liveView(current, ['schema', 'sandbox', 'a', 'b']));
  });
}
