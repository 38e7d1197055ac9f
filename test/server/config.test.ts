import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { inspect } from 'node:util';
import {
  type Config,
  ConfigError,
  type Env,
  type LoadConfigOptions,
  loadConfig,
} from '../../server/config/config.ts';
import { redactedConfig } from '../../server/config/redact.ts';
import {
  PROTOCOL_KEYS,
  PROTOCOL_SETTINGS,
  UMF_PROTOCOL_DEFAULTS,
} from '../../server/umf/protocol.ts';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_PEM = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PRIVATE_PKCS1_PEM = keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const PUBLIC_PEM = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const PUBLIC_PKCS1_PEM = keys.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();

const dir = mkdtempSync(join(tmpdir(), 'umf-config-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const PRIVATE_FILE = join(dir, 'merchant.pem');
const PUBLIC_FILE = join(dir, 'umf-public.pem');
writeFileSync(PRIVATE_FILE, PRIVATE_PEM);
writeFileSync(PUBLIC_FILE, PUBLIC_PEM);

/** A self-signed certificate from openssl, when the machine has it. */
function makeCertificate(): string | undefined {
  if (spawnSync('which', ['openssl']).status !== 0) return undefined;
  const keyOut = join(dir, 'cert-key.pem');
  const certOut = join(dir, 'cert.pem');
  const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=umf', '-days', '1'];
  const run = spawnSync('openssl', [...args, '-keyout', keyOut, '-out', certOut]);
  return run.status === 0 ? readFileSync(certOut, 'utf8') : undefined;
}
const CERTIFICATE = makeCertificate();

const CLIENT_SECRET = 'client-secret-5f1c0d9e8a7b6c5d4e3f';
const API_KEY_1 = 'mk_live_0123456789abcdef0123456789abcdef';
const API_KEY_2 = 'mk_live_fedcba9876543210fedcba9876543210';
const WEBHOOK_SECRET = 'whsec_abcdefghijklmnopqrstuvwxyz012345';
const DB_PASSWORD = 'db-pa55word-never-printed';

const REMOTE: Env = {
  NODE_ENV: 'test',
  UMF_BASE_URL: 'https://uatfx.soopay.net/cberest/v1',
  UMF_CLIENT_ID: 'merchant-42',
  UMF_CLIENT_SECRET: CLIENT_SECRET,
  UMF_MERCHANT_PRIVATE_KEY: PRIVATE_PEM,
  UMF_PUBLIC_KEY: PUBLIC_PEM,
};

const PRODUCTION: Env = {
  ...REMOTE,
  NODE_ENV: 'production',
  UMF_BASE_URL: 'https://fx.soopay.net/cberest/v1',
  MERCHANT_API_KEYS: `${API_KEY_1},${API_KEY_2}`,
  ALLOWED_ORIGINS: 'https://shop.example.com',
  PUBLIC_URL: 'https://pay.example.com',
  DATABASE_URL: `postgres://umf:${DB_PASSWORD}@db.internal:5432/umf`,
  MERCHANT_WEBHOOK_URL: 'https://shop.example.com/hooks/umf',
  MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET,
};

const SECRETS = [CLIENT_SECRET, API_KEY_1, API_KEY_2, WEBHOOK_SECRET, DB_PASSWORD];
/** A line from the middle of the private key PEM: key material, never printed. */
const PRIVATE_KEY_LINE = PRIVATE_PEM.split('\n')[5] ?? 'unreachable';

function problemsOf(env: Env, options?: LoadConfigOptions): readonly string[] {
  try {
    loadConfig(env, options);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail('expected loadConfig to throw');
}

function assertProblem(env: Env, expected: string | RegExp, options?: LoadConfigOptions): void {
  const problems = problemsOf(env, options);
  const found = problems.some((p) =>
    typeof expected === 'string' ? p === expected : expected.test(p),
  );
  assert.ok(found, `no problem matching ${String(expected)} in:\n${problems.join('\n')}`);
}

function remote(config: Config) {
  assert.equal(config.umf.mode, 'remote');
  return config.umf;
}

describe('defaults', () => {
  test('an empty environment gives the development setup', () => {
    const config = loadConfig({});
    assert.deepEqual(
      {
        ...config,
        umf: { ...config.umf },
        database: { ...config.database },
        reconcile: { ...config.reconcile },
      },
      {
        nodeEnv: 'development',
        port: 4000,
        host: null,
        logLevel: 'info',
        dataDir: 'data',
        umf: { mode: 'sandbox', verifySignatures: true, protocol: UMF_PROTOCOL_DEFAULTS },
        merchantApiKeys: null,
        allowedOrigins: '*',
        publicUrl: 'http://localhost:4000',
        trustedDocumentsFiles: [],
        database: { kind: 'sqlite', file: join('data', 'umf-checkout.sqlite') },
        merchantWebhook: null,
        webhookDeliverBacklog: false,
        trustProxy: { kind: 'none' },
        idempotencyKeyTtlHours: 24,
        umfSubMerchantId: null,
        refundDuplicatePayments: true,
        reconcile: { intervalMs: 2000, graceMs: 120_000, maxDelayMs: 300_000 },
        warnings: [],
      },
    );
  });

  test('treats empty and blank values as unset', () => {
    const config = loadConfig({ PORT: '', LOG_LEVEL: '  ', DATABASE_URL: '', UMF_BASE_URL: '' });
    assert.equal(config.port, 4000);
    assert.equal(config.umf.mode, 'sandbox');
  });

  test('the default PUBLIC_URL follows PORT', () => {
    assert.equal(loadConfig({ PORT: '8123' }).publicUrl, 'http://localhost:8123');
  });

  test('the config and its parts are frozen', () => {
    const config = loadConfig(PRODUCTION);
    for (const part of [
      config,
      config.umf,
      config.database,
      config.merchantWebhook,
      config.reconcile,
      config.merchantApiKeys,
      config.allowedOrigins,
      config.warnings,
      config.trustProxy,
    ])
      assert.ok(Object.isFrozen(part));
    assert.throws(() => {
      (config as { port: number }).port = 1;
    }, TypeError);
  });
});

describe('PORT', () => {
  for (const [raw, port] of [
    ['0', 0],
    ['80', 80],
    ['4000', 4000],
    ['65535', 65535],
    [' 8080 ', 8080],
  ] as const)
    test(`accepts ${JSON.stringify(raw)}`, () =>
      assert.equal(loadConfig({ PORT: raw }).port, port));
  for (const raw of ['abc', '-1', '65536', '80.5', '0x50', '1e3', '99999999'])
    test(`refuses ${JSON.stringify(raw)}`, () =>
      assertProblem({ PORT: raw }, `PORT must be an integer between 0 and 65535, got "${raw}"`));
});

describe('HOST', () => {
  for (const raw of ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost', 'bff.internal'])
    test(`accepts ${raw}`, () => assert.equal(loadConfig({ HOST: raw }).host, raw));
  for (const raw of ['http://0.0.0.0', '0.0.0.0:4000', 'a b'])
    test(`refuses ${JSON.stringify(raw)}`, () =>
      assertProblem(
        { HOST: raw },
        `HOST must be an address or host name to listen on (127.0.0.1, 0.0.0.0, ::, localhost), got "${raw}"`,
      ));
});

describe('NODE_ENV', () => {
  test('accepts development, test and production', () => {
    assert.equal(loadConfig({ NODE_ENV: 'development' }).nodeEnv, 'development');
    assert.equal(loadConfig({ NODE_ENV: 'test' }).nodeEnv, 'test');
    assert.equal(loadConfig(PRODUCTION).nodeEnv, 'production');
  });

  test('refuses anything else', () =>
    assertProblem(
      { NODE_ENV: 'prod' },
      'NODE_ENV must be one of development, production, test, got "prod"',
    ));
});

describe('LOG_LEVEL', () => {
  for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    test(`accepts ${level}`, () => assert.equal(loadConfig({ LOG_LEVEL: level }).logLevel, level));

  test('ignores case', () => assert.equal(loadConfig({ LOG_LEVEL: 'DEBUG' }).logLevel, 'debug'));

  test('refuses an unknown level', () =>
    assertProblem({ LOG_LEVEL: 'verbose' }, /^LOG_LEVEL must be one of .*got "verbose"$/));
});

describe('UMF_VERIFY_SIGNATURES', () => {
  test('is true by default, without warning', () => {
    const config = loadConfig({});
    assert.equal(config.umf.verifySignatures, true);
    assert.deepEqual(config.warnings, []);
  });

  for (const raw of ['false', 'FALSE', '0', 'no'])
    test(`${raw} switches verification off with a loud warning`, () => {
      const config = loadConfig({ UMF_VERIFY_SIGNATURES: raw });
      assert.equal(config.umf.verifySignatures, false);
      assert.match(config.warnings.join('\n'), /UMF_VERIFY_SIGNATURES=false.*NOT checked.*forge/);
    });

  test('refuses a value that is not a boolean', () =>
    assertProblem(
      { UMF_VERIFY_SIGNATURES: 'maybe' },
      'UMF_VERIFY_SIGNATURES must be "true" or "false", got "maybe"',
    ));
});

describe('UMF protocol settings', () => {
  test('unset, every setting takes its default: the official SDK where it speaks', () => {
    assert.deepEqual(loadConfig({}).umf.protocol, {
      bearer: 'no-space',
      missingResponseSignature: 'accept',
      memberSpelling: 'sdk',
      refundShape: 'reference',
      fieldCharset: 'UTF-8',
      notificationAnswer: 'text',
      cardExpiry: 'YYMM',
      riskAddress: 'receiver_address',
      verifyCode: 'bank-card',
    });
  });

  for (const key of PROTOCOL_KEYS) {
    const { env, values } = PROTOCOL_SETTINGS[key];
    for (const allowed of values)
      test(`${env}=${allowed} sets ${key}`, () =>
        assert.equal(loadConfig({ [env]: allowed }).umf.protocol[key], allowed));

    test(`${env} refuses an unknown value, naming the variable and every allowed value`, () =>
      assertProblem(
        { [env]: 'sometimes' },
        `${env} must be one of ${values.join(', ')}, got "sometimes"`,
      ));
  }

  test('values are read without regard to case', () => {
    const config = loadConfig({ UMF_FIELD_CHARSET: 'gbk', UMF_CARD_EXPIRY_FORMAT: 'mmyy' });
    assert.equal(config.umf.protocol.fieldCharset, 'GBK');
    assert.equal(config.umf.protocol.cardExpiry, 'MMYY');
  });

  test('apply to a remote UMF as to the sandbox, and are not "unknown variables"', () => {
    const config = loadConfig({ ...REMOTE, UMF_REFUND_SHAPE: 'demo', UMF_BEARER_FORMAT: 'space' });
    assert.equal(remote(config).protocol.refundShape, 'demo');
    assert.equal(remote(config).protocol.bearer, 'space');
    assert.deepEqual(config.warnings, []);
  });

  test('several bad settings are reported together, one line each', () => {
    const problems = problemsOf({ UMF_REFUND_SHAPE: 'wrapped', UMF_NOTIFICATION_ANSWER: 'xml' });
    assert.equal(problems.length, 2);
  });
});

describe('UMF_BASE_URL and credentials', () => {
  test('unset means the in-process sandbox', () =>
    assert.equal(loadConfig({}).umf.mode, 'sandbox'));

  test('is required in production', () =>
    assertProblem(
      { ...PRODUCTION, UMF_BASE_URL: undefined },
      /^UMF_BASE_URL is required in production/,
    ));

  test('set, with credentials and keys, gives a remote client config', () => {
    const umf = remote(
      loadConfig({ ...REMOTE, UMF_BASE_URL: 'https://uatfx.soopay.net/cberest/v1/' }),
    );
    assert.equal(umf.baseUrl, 'https://uatfx.soopay.net/cberest/v1');
    assert.equal(umf.clientId, 'merchant-42');
    assert.equal(umf.clientSecret, CLIENT_SECRET);
    assert.equal(umf.merchantPrivateKey.type, 'private');
    assert.equal(umf.umfPublicKey.type, 'public');
  });

  test('allows http outside production (a local sandbox)', () =>
    assert.equal(
      remote(loadConfig({ ...REMOTE, UMF_BASE_URL: 'http://localhost:8090/cberest/v1' })).baseUrl,
      'http://localhost:8090/cberest/v1',
    ));

  test('requires https in production', () =>
    assertProblem(
      { ...PRODUCTION, UMF_BASE_URL: 'http://fx.soopay.net/cberest/v1' },
      /^UMF_BASE_URL must use https in production/,
    ));

  for (const raw of ['not a url', 'fx.soopay.net/cberest/v1', 'ftp://fx.soopay.net'])
    test(`refuses ${JSON.stringify(raw)}`, () =>
      assertProblem(
        { ...REMOTE, UMF_BASE_URL: raw },
        /^UMF_BASE_URL must be an absolute http\(s\) URL/,
      ));

  test('refuses a query string', () =>
    assertProblem(
      { ...REMOTE, UMF_BASE_URL: 'https://fx.soopay.net/v1?x=1' },
      'UMF_BASE_URL must not have a query or fragment',
    ));

  test('names every missing credential when UMF_BASE_URL is set', () => {
    const problems = problemsOf({ NODE_ENV: 'test', UMF_BASE_URL: REMOTE.UMF_BASE_URL });
    assert.deepEqual(problems, [
      'UMF_CLIENT_ID is required when UMF_BASE_URL is set',
      'UMF_CLIENT_SECRET is required when UMF_BASE_URL is set',
      'UMF_MERCHANT_PRIVATE_KEY or UMF_MERCHANT_PRIVATE_KEY_FILE is required when UMF_BASE_URL is set',
      'UMF_PUBLIC_KEY or UMF_PUBLIC_KEY_FILE is required when UMF_BASE_URL is set',
    ]);
  });

  test('warns that credentials are ignored without UMF_BASE_URL', () => {
    const config = loadConfig({ UMF_CLIENT_ID: 'x', UMF_PUBLIC_KEY: PUBLIC_PEM });
    assert.equal(config.umf.mode, 'sandbox');
    assert.match(config.warnings.join('\n'), /UMF_CLIENT_ID is ignored/);
    assert.match(config.warnings.join('\n'), /UMF_PUBLIC_KEY is ignored/);
  });
});

describe('a live UMF_BASE_URL outside production and test', () => {
  const live = { ...REMOTE, NODE_ENV: undefined };

  test('with NODE_ENV unset refuses to start, saying why', () =>
    assertProblem(
      live,
      /^NODE_ENV is unset \(development\) but UMF_BASE_URL points at a live UMF \("uatfx\.soopay\.net"\): development mode opens CORS to every origin, prints a generated merchant key and shows unmasked stack traces\. Set NODE_ENV=production/,
    ));

  test('with NODE_ENV=development refuses to start too', () =>
    assertProblem(
      { ...live, NODE_ENV: 'development', UMF_BASE_URL: 'https://fx.soopay.net/cberest/v1' },
      /^NODE_ENV=development cannot run against a live UMF \(UMF_BASE_URL host "fx\.soopay\.net"\)/,
    ));

  test('a blank NODE_ENV counts as unset', () =>
    assertProblem({ ...live, NODE_ENV: '  ' }, /^NODE_ENV is unset/));

  for (const url of [
    'http://localhost:8090/cberest/v1',
    'http://127.0.0.1:8090/cberest/v1',
    'http://127.9.9.9/cberest/v1',
    'http://[::1]:8090/cberest/v1',
    'http://sandbox.localhost:8090/cberest/v1',
  ])
    test(`a sandbox on this machine (${url}) runs in development`, () =>
      assert.equal(remote(loadConfig({ ...live, UMF_BASE_URL: url })).baseUrl, url));

  for (const url of [
    'http://127.example.com/v1',
    'http://10.0.0.5:8090/v1',
    'http://localhost.evil.com/v1',
  ])
    test(`${url} is not this machine`, () =>
      assertProblem({ ...live, UMF_BASE_URL: url }, /^NODE_ENV is unset/));

  test('NODE_ENV=test and production may use a live UMF', () => {
    assert.equal(loadConfig(REMOTE).umf.mode, 'remote');
    assert.equal(loadConfig(PRODUCTION).umf.mode, 'remote');
  });
});

describe('TRUST_PROXY', () => {
  test('unset or 0 trusts no proxy', () => {
    assert.deepEqual({ ...loadConfig({}).trustProxy }, { kind: 'none' });
    assert.deepEqual({ ...loadConfig({ TRUST_PROXY: '0' }).trustProxy }, { kind: 'none' });
  });

  test('a number is the count of proxies in front', () =>
    assert.deepEqual(
      { ...loadConfig({ TRUST_PROXY: ' 2 ' }).trustProxy },
      { kind: 'hops', hops: 2 },
    ));

  test('a list gives the proxy addresses and CIDR ranges', () => {
    const trust = loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,fd00::/8 , ::1' }).trustProxy;
    assert.equal(trust.kind, 'ranges');
    assert.deepEqual(
      [...(trust.kind === 'ranges' ? trust.ranges : [])],
      ['10.0.0.0/8', '192.168.1.7', 'fd00::/8', '::1'],
    );
  });

  for (const [raw, bad] of [
    ['true', 'true'],
    ['11', '11'],
    ['-1', '-1'],
    ['10.0.0.0/33', '10.0.0.0/33'],
    ['10.0.0.0/8, lb.internal', 'lb.internal'],
    ['fd00::/129', 'fd00::/129'],
    ['300.1.1.1', '300.1.1.1'],
  ])
    test(`refuses ${JSON.stringify(raw)}, naming the bad entry`, () =>
      assertProblem(
        { TRUST_PROXY: raw },
        `TRUST_PROXY must be the number of proxies in front of the server (0–10) or a comma-separated list of their IP addresses or CIDR ranges (e.g. 10.0.0.0/8, ::1), got "${bad}"`,
      ));
});

describe('IDEMPOTENCY_KEY_TTL_HOURS', () => {
  test('defaults to 24 hours', () => assert.equal(loadConfig({}).idempotencyKeyTtlHours, 24));
  test('accepts longer', () =>
    assert.equal(loadConfig({ IDEMPOTENCY_KEY_TTL_HOURS: '72' }).idempotencyKeyTtlHours, 72));
  for (const raw of ['23', '0', '1.5', 'day', '721'])
    test(`refuses ${JSON.stringify(raw)}`, () =>
      assertProblem(
        { IDEMPOTENCY_KEY_TTL_HOURS: raw },
        `IDEMPOTENCY_KEY_TTL_HOURS must be a whole number of hours between 24 and 720, got "${raw}"`,
      ));
});

describe('UMF keys', () => {
  const withKeys = (extra: Env): Env => ({
    ...REMOTE,
    UMF_MERCHANT_PRIVATE_KEY: undefined,
    UMF_PUBLIC_KEY: undefined,
    ...extra,
  });

  test('reads PKCS#1 PEM keys too', () => {
    const umf = remote(
      loadConfig(
        withKeys({ UMF_MERCHANT_PRIVATE_KEY: PRIVATE_PKCS1_PEM, UMF_PUBLIC_KEY: PUBLIC_PKCS1_PEM }),
      ),
    );
    assert.equal(umf.umfPublicKey.asymmetricKeyType, 'rsa');
  });

  test('reads PEM text with \\n escapes (one-line environment values)', () => {
    const oneLine = (pem: string) => pem.trim().replaceAll('\n', '\\n');
    const env = withKeys({
      UMF_MERCHANT_PRIVATE_KEY: oneLine(PRIVATE_PEM),
      UMF_PUBLIC_KEY: oneLine(PUBLIC_PEM),
    });
    assert.equal(remote(loadConfig(env)).merchantPrivateKey.type, 'private');
  });

  test('reads keys from files', () => {
    const umf = remote(
      loadConfig(
        withKeys({ UMF_MERCHANT_PRIVATE_KEY_FILE: PRIVATE_FILE, UMF_PUBLIC_KEY_FILE: PUBLIC_FILE }),
      ),
    );
    assert.equal(umf.merchantPrivateKey.asymmetricKeyDetails?.modulusLength, 2048);
  });

  test("reads the Java SDK's key files: a PKCS#8 DER .p8 and a DER public key", () => {
    const p8 = join(dir, 'merchant.key.p8');
    const spki = join(dir, 'umf-public.der');
    writeFileSync(p8, keys.privateKey.export({ type: 'pkcs8', format: 'der' }));
    writeFileSync(spki, keys.publicKey.export({ type: 'spki', format: 'der' }));
    const umf = remote(
      loadConfig(withKeys({ UMF_MERCHANT_PRIVATE_KEY_FILE: p8, UMF_PUBLIC_KEY_FILE: spki })),
    );
    assert.ok(umf.merchantPrivateKey.equals(keys.privateKey));
    assert.ok(umf.umfPublicKey.equals(keys.publicKey));
  });

  test('refuses a DER private key given as the UMF public key file', () => {
    const p8 = join(dir, 'swapped.key.p8');
    writeFileSync(p8, keys.privateKey.export({ type: 'pkcs8', format: 'der' }));
    assertProblem(
      withKeys({ UMF_MERCHANT_PRIVATE_KEY: PRIVATE_PEM, UMF_PUBLIC_KEY_FILE: p8 }),
      /^UMF_PUBLIC_KEY_FILE \(.*\) is not a usable RSA public key/,
    );
  });

  test('reads key files through the readFile option', () => {
    const files: Record<string, string> = { '/keys/m.pem': PRIVATE_PEM, '/keys/u.pem': PUBLIC_PEM };
    const readFile = (path: string) => files[path] ?? assert.fail(`unexpected read of ${path}`);
    const env = withKeys({
      UMF_MERCHANT_PRIVATE_KEY_FILE: '/keys/m.pem',
      UMF_PUBLIC_KEY_FILE: '/keys/u.pem',
    });
    assert.equal(remote(loadConfig(env, { readFile })).umfPublicKey.type, 'public');
  });

  test('refuses both the value and the _FILE variable', () =>
    assertProblem(
      withKeys({
        UMF_MERCHANT_PRIVATE_KEY: PRIVATE_PEM,
        UMF_MERCHANT_PRIVATE_KEY_FILE: PRIVATE_FILE,
        UMF_PUBLIC_KEY: PUBLIC_PEM,
      }),
      'UMF_MERCHANT_PRIVATE_KEY and UMF_MERCHANT_PRIVATE_KEY_FILE are both set: set only one',
    ));

  test('names a key file that cannot be read', () =>
    assertProblem(
      withKeys({
        UMF_MERCHANT_PRIVATE_KEY_FILE: join(dir, 'missing.pem'),
        UMF_PUBLIC_KEY: PUBLIC_PEM,
      }),
      `UMF_MERCHANT_PRIVATE_KEY_FILE (${JSON.stringify(join(dir, 'missing.pem'))}) cannot be read (ENOENT)`,
    ));

  test('refuses text that is not a private key', () =>
    assertProblem(
      withKeys({ UMF_MERCHANT_PRIVATE_KEY: 'not a key', UMF_PUBLIC_KEY: PUBLIC_PEM }),
      /^UMF_MERCHANT_PRIVATE_KEY is not a usable RSA private key/,
    ));

  test('refuses a public key where the private key belongs', () =>
    assertProblem(
      withKeys({ UMF_MERCHANT_PRIVATE_KEY: PUBLIC_PEM, UMF_PUBLIC_KEY: PUBLIC_PEM }),
      /^UMF_MERCHANT_PRIVATE_KEY is not a usable RSA private key/,
    ));

  test('refuses text that is not a public key', () =>
    assertProblem(
      withKeys({
        UMF_MERCHANT_PRIVATE_KEY: PRIVATE_PEM,
        UMF_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----',
      }),
      /^UMF_PUBLIC_KEY is not a usable RSA public key/,
    ));

  test('refuses a private key given as the UMF public key', () =>
    assertProblem(
      withKeys({ UMF_MERCHANT_PRIVATE_KEY: PRIVATE_PEM, UMF_PUBLIC_KEY: PRIVATE_PEM }),
      "UMF_PUBLIC_KEY holds a private key; it must be UMF's public key or certificate",
    ));

  test('refuses a non-RSA key', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    assertProblem(
      withKeys({ UMF_MERCHANT_PRIVATE_KEY: pem, UMF_PUBLIC_KEY: PUBLIC_PEM }),
      /^UMF_MERCHANT_PRIVATE_KEY is not a usable RSA private key/,
    );
  });

  test('reads the UMF public key from an X.509 certificate (openssl)', {
    skip: CERTIFICATE === undefined && 'openssl is not installed',
  }, () => {
    const certificate = CERTIFICATE ?? '';
    const certFile = join(dir, 'umf-cert.pem');
    writeFileSync(certFile, certificate);
    const inline = remote(
      loadConfig(withKeys({ UMF_MERCHANT_PRIVATE_KEY: PRIVATE_PEM, UMF_PUBLIC_KEY: certificate })),
    );
    const fromFile = remote(
      loadConfig(
        withKeys({ UMF_MERCHANT_PRIVATE_KEY: PRIVATE_PEM, UMF_PUBLIC_KEY_FILE: certFile }),
      ),
    );
    assert.equal(inline.umfPublicKey.type, 'public');
    assert.ok(inline.umfPublicKey.equals(fromFile.umfPublicKey));
  });
});

describe('MERCHANT_API_KEYS', () => {
  test('unset outside production means "generate one" (null)', () => {
    assert.equal(loadConfig({}).merchantApiKeys, null);
    assert.equal(loadConfig({ NODE_ENV: 'test' }).merchantApiKeys, null);
  });

  test('is required in production', () =>
    assertProblem(
      { ...PRODUCTION, MERCHANT_API_KEYS: undefined },
      /^MERCHANT_API_KEYS is required in production/,
    ));

  test('splits on commas and trims', () =>
    assert.deepEqual(
      [
        ...(loadConfig({ MERCHANT_API_KEYS: ` ${API_KEY_1} , ${API_KEY_2},` }).merchantApiKeys ??
          []),
      ],
      [API_KEY_1, API_KEY_2],
    ));

  test('refuses a short key, naming its position, not its value', () => {
    const problems = problemsOf({ MERCHANT_API_KEYS: `${API_KEY_1},short-secret-value` });
    assert.deepEqual(problems, [
      'MERCHANT_API_KEYS key #2 is too short: keys need at least 32 characters',
    ]);
  });

  test('refuses a key with spaces or control characters', () =>
    assertProblem(
      { MERCHANT_API_KEYS: 'abcdefghij klmnopqrstuvwxyz0123456789' },
      'MERCHANT_API_KEYS key #1 may contain only printable ASCII without spaces',
    ));

  test('refuses a list with no key', () =>
    assertProblem({ MERCHANT_API_KEYS: ' , ,' }, 'MERCHANT_API_KEYS is set but holds no key'));

  test('warns about a key listed twice', () =>
    assert.match(
      loadConfig({ MERCHANT_API_KEYS: `${API_KEY_1},${API_KEY_1}` }).warnings.join('\n'),
      /twice/,
    ));
});

describe('ALLOWED_ORIGINS', () => {
  test('defaults to any origin in development', () =>
    assert.equal(loadConfig({}).allowedOrigins, '*'));

  test('is required in production', () =>
    assertProblem(
      { ...PRODUCTION, ALLOWED_ORIGINS: undefined },
      /^ALLOWED_ORIGINS is required in production/,
    ));

  test('may not be * in production', () =>
    assertProblem(
      { ...PRODUCTION, ALLOWED_ORIGINS: '*' },
      'ALLOWED_ORIGINS must list origins in production, not *',
    ));

  test('normalises host case and default ports', () =>
    assert.deepEqual(
      [
        ...(loadConfig({ ALLOWED_ORIGINS: 'https://Shop.Example.com:443, http://localhost:5173' })
          .allowedOrigins as readonly string[]),
      ],
      ['https://shop.example.com', 'http://localhost:5173'],
    ));

  for (const raw of [
    'https://shop.example.com/',
    'https://shop.example.com/pay',
    'shop.example.com',
    'ftp://shop.example.com',
    'https://shop.example.com?x=1',
    'https://user@shop.example.com',
  ])
    test(`refuses ${JSON.stringify(raw)}`, () =>
      assertProblem(
        { ALLOWED_ORIGINS: `https://ok.example.com,${raw}` },
        new RegExp(
          `^ALLOWED_ORIGINS entry ${JSON.stringify(raw).replace(/[.?/]/g, '\\$&')} is not an origin`,
        ),
      ));
});

describe('PUBLIC_URL', () => {
  test('drops a trailing slash and keeps a path', () => {
    assert.equal(
      loadConfig({ PUBLIC_URL: 'https://pay.example.com/' }).publicUrl,
      'https://pay.example.com',
    );
    assert.equal(
      loadConfig({ PUBLIC_URL: 'https://pay.example.com/umf/' }).publicUrl,
      'https://pay.example.com/umf',
    );
  });

  test('is required in production', () =>
    assertProblem(
      { ...PRODUCTION, PUBLIC_URL: undefined },
      /^PUBLIC_URL is required in production/,
    ));

  test('warns about http in production', () =>
    assert.match(
      loadConfig({ ...PRODUCTION, PUBLIC_URL: 'http://pay.example.com' }).warnings.join('\n'),
      /PUBLIC_URL must use https in production/,
    ));

  test('refuses a relative URL', () =>
    assertProblem(
      { PUBLIC_URL: 'pay.example.com' },
      'PUBLIC_URL must be an absolute http(s) URL, got "pay.example.com"',
    ));
});

describe('TRUSTED_DOCUMENTS_FILES', () => {
  test('defaults to none', () => assert.deepEqual([...loadConfig({}).trustedDocumentsFiles], []));

  test('lists existing files', () => {
    const file = join(dir, 'trusted.json');
    writeFileSync(file, '{}');
    assert.deepEqual(
      [...loadConfig({ TRUSTED_DOCUMENTS_FILES: `${file}, ${PUBLIC_FILE}` }).trustedDocumentsFiles],
      [file, PUBLIC_FILE],
    );
  });

  test('names each file that does not exist', () => {
    const problems = problemsOf({ TRUSTED_DOCUMENTS_FILES: `${PUBLIC_FILE},/nope/a.json,${dir}` });
    assert.deepEqual(problems, [
      'TRUSTED_DOCUMENTS_FILES names "/nope/a.json", which is not an existing file',
      `TRUSTED_DOCUMENTS_FILES names ${JSON.stringify(dir)}, which is not an existing file`,
    ]);
  });

  test('asks the fileExists option', () =>
    assert.deepEqual(
      [
        ...loadConfig({ TRUSTED_DOCUMENTS_FILES: '/virtual/x.json' }, { fileExists: () => true })
          .trustedDocumentsFiles,
      ],
      ['/virtual/x.json'],
    ));
});

describe('DATABASE_URL and DATA_DIR', () => {
  test('unset means SQLite inside DATA_DIR', () =>
    assert.deepEqual(
      { ...loadConfig({ DATA_DIR: '/var/lib/umf' }).database },
      { kind: 'sqlite', file: join('/var/lib/umf', 'umf-checkout.sqlite') },
    ));

  for (const url of [
    'postgres://u:p@localhost/umf',
    'postgresql://localhost:5432/umf',
    'postgresql:///umf?host=/var/run/postgresql',
  ])
    test(`${url} means PostgreSQL`, () =>
      assert.deepEqual(
        { ...loadConfig({ DATABASE_URL: url }).database },
        { kind: 'postgres', url },
      ));

  test('refuses another scheme, echoing only the scheme', () => {
    const problems = problemsOf({ DATABASE_URL: `mysql://root:${DB_PASSWORD}@db/umf` });
    assert.deepEqual(problems, [
      'DATABASE_URL must be a postgres:// or postgresql:// URL (unset: SQLite in DATA_DIR), got a mysql: URL',
    ]);
  });

  test('refuses text that is not a URL', () =>
    assertProblem({ DATABASE_URL: `umf:${DB_PASSWORD}` }, /^DATABASE_URL must be a postgres/));
});

describe('REFUND_DUPLICATE_PAYMENTS', () => {
  test('is on unless turned off, with a warning when off', () => {
    assert.equal(loadConfig({}).refundDuplicatePayments, true);
    const off = loadConfig({ REFUND_DUPLICATE_PAYMENTS: 'false' });
    assert.equal(off.refundDuplicatePayments, false);
    assert.match(
      off.warnings.join('\n'),
      /REFUND_DUPLICATE_PAYMENTS=false: a customer charged twice/,
    );
  });

  test('refuses a value that is not a boolean, naming the variable', () =>
    assertProblem(
      { REFUND_DUPLICATE_PAYMENTS: 'sometimes' },
      'REFUND_DUPLICATE_PAYMENTS must be "true" or "false", got "sometimes"',
    ));
});

describe('RECONCILE_INTERVAL_MS, RECONCILE_GRACE_MS and RECONCILE_MAX_DELAY_MS', () => {
  test('set values are taken', () => {
    const config = loadConfig({
      RECONCILE_INTERVAL_MS: '500',
      RECONCILE_GRACE_MS: '60000',
      RECONCILE_MAX_DELAY_MS: '600000',
    });
    assert.deepEqual(
      { ...config.reconcile },
      { intervalMs: 500, graceMs: 60_000, maxDelayMs: 600_000 },
    );
  });

  test('refuses what is not a whole number of milliseconds in range, naming the variable', () => {
    assertProblem(
      { RECONCILE_INTERVAL_MS: '2s' },
      'RECONCILE_INTERVAL_MS must be a whole number of milliseconds from 100 to 600000, got "2s"',
    );
    assertProblem({ RECONCILE_INTERVAL_MS: '50' }, /^RECONCILE_INTERVAL_MS must be/);
    assertProblem({ RECONCILE_GRACE_MS: '-1' }, /^RECONCILE_GRACE_MS must be/);
    assertProblem({ RECONCILE_MAX_DELAY_MS: '1000' }, /^RECONCILE_MAX_DELAY_MS must be/);
  });

  test('warns in production about a grace period under 30 s', () =>
    assert.match(
      loadConfig({ ...PRODUCTION, RECONCILE_GRACE_MS: '1000' }).warnings.join('\n'),
      /RECONCILE_GRACE_MS is below 30000/,
    ));
});

describe('WEBHOOK_DELIVER_BACKLOG', () => {
  const hook = {
    MERCHANT_WEBHOOK_URL: 'https://shop.example.com/hook',
    MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET,
  };
  for (const [raw, expected] of [
    [undefined, false],
    ['true', true],
    ['false', false],
  ] as const) {
    test(`${raw ?? 'unset'} means ${expected}`, () =>
      assert.equal(
        loadConfig({ ...hook, ...(raw ? { WEBHOOK_DELIVER_BACKLOG: raw } : {}) })
          .webhookDeliverBacklog,
        expected,
      ));
  }

  test('a value that is not a boolean is refused by name', () =>
    assertProblem(
      { ...hook, WEBHOOK_DELIVER_BACKLOG: 'all' },
      'WEBHOOK_DELIVER_BACKLOG must be "true" or "false", got "all"',
    ));

  test('without a webhook URL it is ignored, with a warning', () =>
    assert.match(
      loadConfig({ WEBHOOK_DELIVER_BACKLOG: 'true' }).warnings.join('\n'),
      /WEBHOOK_DELIVER_BACKLOG is ignored: MERCHANT_WEBHOOK_URL is not set/,
    ));
});

describe('MERCHANT_WEBHOOK_URL and MERCHANT_WEBHOOK_SECRET', () => {
  test('unset means no webhook', () => assert.equal(loadConfig({}).merchantWebhook, null));

  test('both set give the webhook', () => {
    const config = loadConfig({
      MERCHANT_WEBHOOK_URL: 'https://shop.example.com/hook',
      MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    });
    assert.deepEqual(
      { ...config.merchantWebhook },
      { url: 'https://shop.example.com/hook', secret: WEBHOOK_SECRET },
    );
  });

  test('the secret is required with the URL', () =>
    assertProblem(
      { MERCHANT_WEBHOOK_URL: 'https://shop.example.com/hook' },
      'MERCHANT_WEBHOOK_SECRET is required when MERCHANT_WEBHOOK_URL is set',
    ));

  test('the secret needs 32 characters', () =>
    assertProblem(
      { MERCHANT_WEBHOOK_URL: 'https://shop.example.com/hook', MERCHANT_WEBHOOK_SECRET: 'short' },
      'MERCHANT_WEBHOOK_SECRET must be at least 32 characters long',
    ));

  test('refuses a URL that is not absolute http(s)', () =>
    assertProblem(
      { MERCHANT_WEBHOOK_URL: '/hook', MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET },
      'MERCHANT_WEBHOOK_URL must be an absolute http(s) URL, got "/hook"',
    ));

  test('warns that a secret without a URL is ignored', () =>
    assert.match(
      loadConfig({ MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET }).warnings.join('\n'),
      /MERCHANT_WEBHOOK_SECRET is ignored/,
    ));
});

describe('all problems together', () => {
  test('one ConfigError lists every bad variable, one line each', () => {
    const env: Env = {
      PORT: 'abc',
      LOG_LEVEL: 'loud',
      NODE_ENV: 'staging',
      DATABASE_URL: 'mysql://x',
      UMF_VERIFY_SIGNATURES: 'perhaps',
      ALLOWED_ORIGINS: 'https://a.example/',
      MERCHANT_WEBHOOK_URL: 'https://h.example',
    };
    const problems = problemsOf(env);
    for (const name of [
      'PORT',
      'LOG_LEVEL',
      'NODE_ENV',
      'DATABASE_URL',
      'UMF_VERIFY_SIGNATURES',
      'ALLOWED_ORIGINS',
      'MERCHANT_WEBHOOK_SECRET',
    ])
      assert.equal(
        problems.filter((p) => p.startsWith(name)).length,
        1,
        `${name} in\n${problems.join('\n')}`,
      );
    assert.equal(problems.length, 7);
  });

  test('the error message lists the problems and the warnings', () => {
    try {
      loadConfig({ PORT: 'abc', UMF_CLIENTID: 'x' });
      assert.fail('expected a ConfigError');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.equal(
        error.message,
        'Invalid configuration (1 problem):\n  - PORT must be an integer between 0 and 65535, got "abc"\nWarnings:\n  - UMF_CLIENTID is not a variable this server reads (a typo?)',
      );
    }
  });

  test('production lists each requirement of an empty environment', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    assert.deepEqual(
      problems.map((p) => p.split(' ')[0]),
      ['UMF_BASE_URL', 'MERCHANT_API_KEYS', 'ALLOWED_ORIGINS', 'PUBLIC_URL'],
    );
  });

  test('a complete production environment loads without warnings', () => {
    const config = loadConfig(PRODUCTION);
    assert.equal(config.umf.mode, 'remote');
    assert.deepEqual([...config.warnings], []);
  });
});

describe('secrets', () => {
  const badEverywhere: Env = {
    ...PRODUCTION,
    UMF_CLIENT_ID: undefined,
    UMF_PUBLIC_KEY: PRIVATE_PEM,
    MERCHANT_API_KEYS: `${API_KEY_1},tiny-${CLIENT_SECRET.slice(0, 8)}`,
    MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET.slice(0, 20),
    DATABASE_URL: `mysql://root:${DB_PASSWORD}@db/umf`,
    MERCHANT_WEBHOOK_URL: `https://user:${DB_PASSWORD}@hooks.example.com/x?token=${WEBHOOK_SECRET}`,
    PORT: CLIENT_SECRET.slice(0, 8),
  };

  function assertNoSecret(text: string): void {
    for (const secret of [...SECRETS, WEBHOOK_SECRET.slice(0, 20), PRIVATE_KEY_LINE])
      assert.ok(!text.includes(secret), `leaked ${secret.slice(0, 6)}… in:\n${text}`);
  }

  test('no error message contains a secret value', () => {
    try {
      loadConfig(badEverywhere);
      assert.fail('expected a ConfigError');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.ok(error.problems.length >= 5);
      assertNoSecret(`${error.message}\n${inspect(error)}`);
    }
  });

  test('redactedConfig shows the setup and no secret', () => {
    const config = loadConfig(PRODUCTION);
    const shown = redactedConfig(config);
    const text = JSON.stringify(shown);
    assertNoSecret(text);
    assert.match(text, /merchant-42/);
    assert.match(text, /RSA 2048-bit private key/);
    assert.match(text, /"merchantApiKeys":"2 keys \[redacted\]"/);
    assert.match(text, /postgres:\/\/umf:\[redacted\]@db\.internal:5432\/umf/);
  });

  test('logging the config or its parts prints the redacted form', () => {
    const config = loadConfig({
      ...PRODUCTION,
      MERCHANT_WEBHOOK_URL: `https://hooks.example.com/x?token=${WEBHOOK_SECRET}`,
    });
    for (const part of [
      config,
      config.umf,
      config.database,
      config.merchantWebhook,
      config.merchantApiKeys,
    ]) {
      assertNoSecret(JSON.stringify(part));
      assertNoSecret(inspect(part, { depth: 10 }));
    }
    assert.deepEqual(JSON.parse(JSON.stringify(config)), redactedConfig(config));
  });
});

test('warns about unknown UMF_ and MERCHANT_ variables', () => {
  const warnings = loadConfig({
    UMF_CLIENTID: 'x',
    MERCHANT_API_KEY: 'y',
    UMF_SANDBOX_PORT: '8090',
  }).warnings;
  assert.deepEqual(
    [...warnings],
    [
      'MERCHANT_API_KEY is not a variable this server reads (a typo?)',
      'UMF_CLIENTID is not a variable this server reads (a typo?)',
    ],
  );
});

describe('UMF_SUB_MERCHANT_ID', () => {
  test('is unset (null) by default and kept as given when valid', () => {
    assert.equal(loadConfig({}).umfSubMerchantId, null);
    assert.equal(
      loadConfig({ UMF_SUB_MERCHANT_ID: 'umfsubmer001' }).umfSubMerchantId,
      'umfsubmer001',
    );
  });

  test('refuses a value UMF could not have assigned, naming the variable', () =>
    assertProblem({ UMF_SUB_MERCHANT_ID: 'sub mer; drop' }, /^UMF_SUB_MERCHANT_ID must be/));
});
