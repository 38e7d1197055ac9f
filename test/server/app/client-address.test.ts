// Which address a request comes from, for per-client limits: the socket peer unless TRUST_PROXY
// says which proxies may tell it in X-Forwarded-For.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Env, loadConfig } from '../../../server/config/config.ts';
import { createClientAddress } from '../../../server/http/client-address.ts';

const addressFor = (env: Env) => createClientAddress(loadConfig(env).trustProxy);
const xff = (value: string) => new Headers({ 'x-forwarded-for': value });

describe('without TRUST_PROXY', () => {
  const address = addressFor({});
  test('the socket peer is the client, whatever X-Forwarded-For says', () => {
    assert.equal(address('198.51.100.7', xff('203.0.113.9')), '198.51.100.7');
    assert.equal(address('::ffff:198.51.100.7', new Headers()), '198.51.100.7');
  });
});

describe('TRUST_PROXY as a hop count', () => {
  test('1: the entry the load balancer appended, never one the client wrote before it', () => {
    const address = addressFor({ TRUST_PROXY: '1' });
    assert.equal(address('10.0.0.2', xff('203.0.113.9')), '203.0.113.9');
    assert.equal(address('10.0.0.2', xff('1.2.3.4, 203.0.113.9')), '203.0.113.9');
  });

  test('2: two proxies in front', () => {
    const address = addressFor({ TRUST_PROXY: '2' });
    assert.equal(address('10.0.0.2', xff('6.6.6.6, 203.0.113.9, 10.0.0.3')), '203.0.113.9');
  });

  test('fewer entries than hops: the furthest one known', () => {
    const address = addressFor({ TRUST_PROXY: '3' });
    assert.equal(address('10.0.0.2', xff('203.0.113.9')), '203.0.113.9');
    assert.equal(address('10.0.0.2', new Headers()), '10.0.0.2');
  });

  test('a malformed entry stops the walk at the proxy that forwarded it', () => {
    const address = addressFor({ TRUST_PROXY: '2' });
    assert.equal(address('10.0.0.2', xff('203.0.113.9, not-an-ip')), '10.0.0.2');
  });

  test('ports and IPv6 brackets some proxies add are dropped', () => {
    const address = addressFor({ TRUST_PROXY: '1' });
    assert.equal(address('10.0.0.2', xff('203.0.113.9:5123')), '203.0.113.9');
    assert.equal(address('10.0.0.2', xff('[2001:db8::1]:443')), '2001:db8::1');
  });
});

describe('TRUST_PROXY as addresses and ranges', () => {
  const address = addressFor({ TRUST_PROXY: '10.0.0.0/8, 2001:db8:ffff::/48' });

  test('a trusted peer speaks for the client', () =>
    assert.equal(address('10.1.2.3', xff('203.0.113.9')), '203.0.113.9'));

  test('X-Forwarded-For from an untrusted peer is ignored (spoofed)', () =>
    assert.equal(address('198.51.100.7', xff('203.0.113.9')), '198.51.100.7'));

  test('walks back through every trusted proxy to the first untrusted address', () => {
    assert.equal(address('10.0.0.1', xff('6.6.6.6, 203.0.113.9, 10.9.9.9')), '203.0.113.9');
    assert.equal(address('::ffff:10.0.0.1', xff('2001:db8::5, 2001:db8:ffff::2')), '2001:db8::5');
  });

  test('all trusted: the furthest address', () =>
    assert.equal(address('10.0.0.1', xff('10.0.0.9')), '10.0.0.9'));
});
