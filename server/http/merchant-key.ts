// The merchant API key: `Authorization: Bearer <key>`, compared in constant time against
// every configured key (several allowed for rotation). Without configured keys (development,
// test) one is generated once and kept in `<dataDir>/merchant-api-key`, mode 0600.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type MerchantKeyCheck = (headers: Headers) => boolean;

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** True when the Authorization header carries one of `keys`; never short-circuits on a match. */
export function createMerchantKeyCheck(keys: readonly string[]): MerchantKeyCheck {
  const digests = keys.map(digest);
  return (headers) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(headers.get('authorization') ?? '');
    if (!match) return false;
    // Equal-length digests: timingSafeEqual needs them, and they hide the key's length.
    const presented = digest(match[1]);
    let found = false;
    for (const known of digests) found = timingSafeEqual(presented, known) || found;
    return found;
  };
}

export const DEV_KEY_FILE = 'merchant-api-key';

export type DevKey = { key: string; path: string; created: boolean };

/** The development key in `<dataDir>/merchant-api-key`, created (0600) when missing. */
export async function loadOrCreateDevKey(dataDir: string): Promise<DevKey> {
  const path = join(dataDir, DEV_KEY_FILE);
  const existing = await readFile(path, 'utf8').then(
    (text) => text.trim(),
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    },
  );
  if (existing) return { key: existing, path, created: false };
  await mkdir(dataDir, { recursive: true });
  const key = `mk_dev_${randomBytes(32).toString('base64url')}`;
  await writeFile(path, `${key}\n`, { mode: 0o600, flag: 'w' });
  await chmod(path, 0o600);
  return { key, path, created: true };
}
