// Two BFF instances on one fresh PostgreSQL schema and one (remote) UMF sandbox, as behind a
// load balancer: PUBLIC_URL of both is instance A, so UMF notifies A.
import type { Sandbox, SandboxOptions } from '../../../server/sandbox/types.ts';
import { type Bff, startBff, startRemoteSandbox } from '../../support/bff.ts';
import { freshSchema, type TestSchema } from './postgres.ts';

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
