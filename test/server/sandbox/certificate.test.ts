// The sandbox's self-signed certificate over many serials: every one must parse (node's
// X509Certificate is OpenSSL, which refuses a non-minimal INTEGER as "illegal padding"), carry
// the serial's value and UMF's key; a sample also goes through the openssl command.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { integer, selfSignedCertificate } from '../../../server/sandbox/certificate.ts';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });

/** The serials that broke the old writer and their neighbours, then random ones. */
function serials(): Buffer[] {
  const edge = (...head: number[]) =>
    Buffer.concat([Buffer.from(head), randomBytes(16 - head.length)]);
  const list = [
    edge(0x00, 0x00),
    edge(0x00, 0x01),
    edge(0x00, 0x7f),
    edge(0x00, 0x80),
    edge(0x00, 0xff),
    edge(0x00, 0x00, 0x00, 0x80),
    edge(0x7f),
    edge(0x80),
    edge(0xff),
    Buffer.from([0x01]),
    Buffer.from([0x80]),
    Buffer.concat([Buffer.alloc(15), Buffer.from([0x01])]),
  ];
  // Every value of the first two bytes' critical range: 0x00 followed by 0x00–0xff.
  for (let second = 0; second < 256; second++) list.push(edge(0x00, second));
  while (list.length < 1000) list.push(randomBytes(16));
  return list;
}

const serialValue = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);

test('DER INTEGERs are minimal and positive', () => {
  assert.deepEqual([...integer(Buffer.from([0x00, 0x00, 0x05]))], [0x02, 0x01, 0x05]);
  assert.deepEqual([...integer(Buffer.from([0x00, 0x80]))], [0x02, 0x02, 0x00, 0x80]);
  assert.deepEqual([...integer(Buffer.from([0x80]))], [0x02, 0x02, 0x00, 0x80]);
  assert.deepEqual([...integer(Buffer.from([0x00]))], [0x02, 0x01, 0x00]);
  assert.deepEqual([...integer(Buffer.from([0x7f, 0x00]))], [0x02, 0x02, 0x7f, 0x00]);
});

test('1,000 certificates with edge and random serials all parse, with their serial and key', () => {
  const list = serials();
  assert.equal(list.length, 1000);
  for (const serial of list) {
    const pem = selfSignedCertificate(privateKey, 'UMF Sandbox', new Date(), serial);
    const certificate = new X509Certificate(pem);
    assert.equal(BigInt(`0x${certificate.serialNumber}`), serialValue(serial));
    assert.ok(certificate.verify(certificate.publicKey), 'self-signed');
    assert.ok(certificate.publicKey.export({ format: 'der', type: 'spki' }).equals(spki));
  }
});

test('the openssl command reads a sample, the edge serials included', () => {
  const dir = mkdtempSync(join(tmpdir(), 'umf-cert-'));
  try {
    for (const [i, serial] of serials().slice(0, 40).entries()) {
      const der = new X509Certificate(
        selfSignedCertificate(privateKey, 'UMF Sandbox', new Date(), serial),
      ).raw;
      const file = join(dir, `c${i}.crt`);
      writeFileSync(file, der);
      const out = execFileSync(
        'openssl',
        ['x509', '-inform', 'DER', '-noout', '-serial', '-in', file],
        {
          encoding: 'utf8',
        },
      );
      const printed = /serial=([0-9A-F]+)/.exec(out)?.[1];
      assert.ok(printed, out);
      assert.equal(BigInt(`0x${printed}`), serialValue(serial));
    }
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('default serials are random, positive and 16 bytes at most', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const certificate = new X509Certificate(selfSignedCertificate(privateKey));
    assert.ok(BigInt(`0x${certificate.serialNumber}`) > 0n);
    assert.ok(certificate.serialNumber.replace(/^0+/, '').length <= 32);
    seen.add(certificate.serialNumber);
  }
  assert.equal(seen.size, 50);
});
