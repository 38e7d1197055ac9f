// The sandbox's key material: UMF's key pair (decrypts card fields, signs answers) and the
// merchant's key pair (the merchant signs requests; the sandbox checks with its public half).
// In memory for tests; with a data folder, generated once and reused.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  type KeyObject,
  X509Certificate,
} from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { selfSignedCertificate } from './certificate.ts';

const generate = promisify(generateKeyPair);

export type SandboxKeys = {
  umfPrivateKey: KeyObject;
  umfPublicKey: KeyObject;
  merchantPublicKey: KeyObject;
  merchantPrivateKeyPem: string;
  umfPublicKeyPem: string;
  umfCertificatePem: string;
};

export const KEY_FILES = {
  umfPrivateKey: 'umf-private-key.pem',
  umfPublicKey: 'umf-public-key.pem',
  umfCertificate: 'umf-certificate.pem',
  merchantPrivateKey: 'merchant-private-key.pem',
  /** The merchant key as UMF hands it out and the Java SDK reads it: PKCS#8 DER. */
  merchantPrivateKeyP8: 'merchant.key.p8',
  /** UMF's certificate as the Java SDK reads it (CertificateFactory): X.509 DER. */
  umfCertificateCrt: 'umf.cert.crt',
} as const;

/** Writes the Java SDK's forms of the keys beside the PEM files (also for older folders). */
async function writeSdkKeyFiles(dir: string, keys: SandboxKeys): Promise<void> {
  const p8 = createPrivateKey(keys.merchantPrivateKeyPem).export({ format: 'der', type: 'pkcs8' });
  await writeFile(join(dir, KEY_FILES.merchantPrivateKeyP8), p8, { mode: 0o600 });
  await writeFile(
    join(dir, KEY_FILES.umfCertificateCrt),
    new X509Certificate(keys.umfCertificatePem).raw,
  );
}

function parses(certificatePem: string): boolean {
  try {
    new X509Certificate(certificatePem);
    return true;
  } catch {
    return false;
  }
}

async function newPrivateKeyPem(): Promise<string> {
  const { privateKey } = await generate('rsa', { modulusLength: 2048 });
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

function fromPems(umfPrivatePem: string, merchantPrivatePem: string, certificate?: string) {
  const umfPrivateKey = createPrivateKey(umfPrivatePem);
  const umfPublicKey = createPublicKey(umfPrivateKey);
  return {
    umfPrivateKey,
    umfPublicKey,
    merchantPublicKey: createPublicKey(createPrivateKey(merchantPrivatePem)),
    merchantPrivateKeyPem: merchantPrivatePem,
    umfPublicKeyPem: umfPublicKey.export({ format: 'pem', type: 'spki' }).toString(),
    umfCertificatePem: certificate ?? selfSignedCertificate(umfPrivateKey),
  } satisfies SandboxKeys;
}

export async function generateKeys(): Promise<SandboxKeys> {
  const [umf, merchant] = await Promise.all([newPrivateKeyPem(), newPrivateKeyPem()]);
  return fromPems(umf, merchant);
}

/** Loads the keys of a data folder, generating and writing them on first use. */
export async function loadOrCreateKeys(dataDir: string): Promise<SandboxKeys> {
  const dir = resolve(dataDir);
  const path = (name: string) => join(dir, name);
  if (existsSync(path(KEY_FILES.umfPrivateKey)) && existsSync(path(KEY_FILES.merchantPrivateKey))) {
    const certificateFile = path(KEY_FILES.umfCertificate);
    const stored = existsSync(certificateFile)
      ? await readFile(certificateFile, 'utf8')
      : undefined;
    const loaded = fromPems(
      await readFile(path(KEY_FILES.umfPrivateKey), 'utf8'),
      await readFile(path(KEY_FILES.merchantPrivateKey), 'utf8'),
      stored !== undefined && parses(stored) ? stored : undefined,
    );
    // A missing certificate, or one an older sandbox wrote with a non-minimal serial (OpenSSL:
    // "illegal padding"), is made again for the same key.
    if (loaded.umfCertificatePem !== stored)
      await writeFile(certificateFile, loaded.umfCertificatePem);
    await writeSdkKeyFiles(dir, loaded);
    return loaded;
  }
  await mkdir(dir, { recursive: true });
  const keys = await generateKeys();
  const umfPrivatePem = keys.umfPrivateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  await writeFile(path(KEY_FILES.umfPrivateKey), umfPrivatePem, { mode: 0o600 });
  await writeFile(path(KEY_FILES.merchantPrivateKey), keys.merchantPrivateKeyPem, { mode: 0o600 });
  await writeFile(path(KEY_FILES.umfPublicKey), keys.umfPublicKeyPem);
  await writeFile(path(KEY_FILES.umfCertificate), keys.umfCertificatePem);
  await writeSdkKeyFiles(dir, keys);
  return keys;
}
