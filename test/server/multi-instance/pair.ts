// Two BFF instances on one fresh PostgreSQL schema and one (remote) UMF sandbox, as behind a
// load balancer: PUBLIC_URL of both is instance A, so UMF notifies A.
import { startSandbox } from '../../../server/sandbox/sandbox.ts';
import type { Sandbox, SandboxOptions } from '../../../server/sandbox/types.ts';
import { type Bff, startBff } from '../bff/harness.ts';
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
  const sandbox = await startSandbox({ notifyRetryBaseMs: 50, ...sandboxOptions });
  const { credentials } = sandbox;
  const env = {
    DATABASE_URL: schema.url,
    UMF_BASE_URL: credentials.baseUrl,
    UMF_CLIENT_ID: credentials.clientId,
    UMF_CLIENT_SECRET: credentials.clientSecret,
    UMF_MERCHANT_PRIVATE_KEY: credentials.merchantPrivateKeyPem,
    UMF_PUBLIC_KEY: credentials.umfPublicKeyPem,
  };
  const options = { control: sandbox.control };
  const a = await startBff(env, options);
  const b = await startBff({ ...env, PUBLIC_URL: a.server.url }, options);
  return {
    schema,
    sandbox,
    a,
    b,
    async close() {
      await Promise.all([a.close(), b.close()]);
      await sandbox.close();
      await schema.dispose();
    },
  };
}
