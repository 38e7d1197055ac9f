// credentials.json in the data folder: what a merchant (the BFF) needs to talk to this sandbox.
// The client id and secret are generated once and reused, like the keys.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { newSecret } from './ids.ts';
import { KEY_FILES } from './keys.ts';

export const CREDENTIALS_FILE = 'credentials.json';

export type CredentialsFile = {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  merchantPrivateKeyFile: string;
  umfPublicKeyFile: string;
  umfCertificateFile: string;
  /** The same keys as the Java SDK reads them: PKCS#8 DER and an X.509 DER certificate. */
  merchantPrivateKeyP8File: string;
  umfCertificateCrtFile: string;
};

export type ClientCredentials = { clientId: string; clientSecret: string };

export function newClientCredentials(): ClientCredentials {
  return { clientId: `sandbox_${newSecret(9)}`, clientSecret: newSecret(24) };
}

export async function loadOrCreateClient(dataDir: string): Promise<ClientCredentials> {
  const file = join(resolve(dataDir), CREDENTIALS_FILE);
  if (existsSync(file)) {
    const stored = JSON.parse(await readFile(file, 'utf8')) as Partial<CredentialsFile>;
    if (typeof stored.clientId === 'string' && typeof stored.clientSecret === 'string')
      return { clientId: stored.clientId, clientSecret: stored.clientSecret };
  }
  return newClientCredentials();
}

export async function writeCredentialsFile(
  dataDir: string,
  baseUrl: string,
  client: ClientCredentials,
): Promise<CredentialsFile> {
  const dir = resolve(dataDir);
  const content: CredentialsFile = {
    baseUrl,
    ...client,
    merchantPrivateKeyFile: join(dir, KEY_FILES.merchantPrivateKey),
    umfPublicKeyFile: join(dir, KEY_FILES.umfPublicKey),
    umfCertificateFile: join(dir, KEY_FILES.umfCertificate),
    merchantPrivateKeyP8File: join(dir, KEY_FILES.merchantPrivateKeyP8),
    umfCertificateCrtFile: join(dir, KEY_FILES.umfCertificateCrt),
  };
  await writeFile(join(dir, CREDENTIALS_FILE), `${JSON.stringify(content, null, 2)}\n`, {
    mode: 0o600,
  });
  return content;
}
