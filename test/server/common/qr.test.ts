// common/qr.ts, the QR encoder the BFF draws its `qrCode` answers with, checked module for module against uqr (Nayuki's
// design) as an oracle: byte mode, level M, the same mask. uqr gets the UTF-8 bytes so it
// cannot pick numeric or alphanumeric mode.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encode } from 'uqr';
import { encodeQr, qrPath } from '../../../common/qr.ts';

const bytes = (text: string) => Array.from(new TextEncoder().encode(text));

function oracle(text: string, maskPattern = -1) {
  return encode(bytes(text), { ecc: 'M', border: 0, maskPattern });
}

/** The rows of a matrix as strings of # and ., so a mismatch is readable. */
const picture = (modules: boolean[][]) =>
  modules.map((row) => row.map((d) => (d ? '#' : '.')).join(''));

const repeat = (length: number) => 'umf-checkout/0123456789abcdef'.repeat(100).slice(0, length);

/** Contents that land in different versions: 1, 2, 7 (version info), 10 (16-bit length), 40. */
const CONTENTS: [string, string][] = [
  ['a short text (version 1)', 'hi'],
  ['a full version 1 (14 bytes)', repeat(14)],
  ['one byte more than version 1 holds', repeat(15)],
  ['a sandbox QR payment URL', 'http://127.0.0.1:8090/__sandbox/qr/pay_0123456789abcdef'],
  ['a WeChat Pay code URL', 'weixin://wxpay/bizpayurl?pr=Ab12Cd3'],
  ['Chinese text (multi-byte UTF-8)', '联动优势支付 ¥178.09'],
  ['a version 7 content (version information)', repeat(122)],
  ['a version 10 content (16-bit length)', repeat(200)],
  ['a version 25 content', repeat(1000)],
  ['the longest version 40 content', repeat(2331)],
];

describe('qr: encodeQr against uqr', () => {
  for (const [name, text] of CONTENTS) {
    test(`picks uqr’s version for ${name}`, () => {
      assert.equal(encodeQr(text).version, oracle(text).version);
    });
  }

  for (const [name, text] of CONTENTS.slice(0, 8)) {
    test(`draws the same modules as uqr under every mask for ${name}`, () => {
      for (let mask = 0; mask < 8; mask++) {
        const ours = encodeQr(text, mask);
        assert.equal(ours.mask, mask);
        assert.deepEqual(picture(ours.modules), picture(oracle(text, mask).data), `mask ${mask}`);
      }
    });
  }

  for (const [name, text] of CONTENTS.slice(8)) {
    test(`draws the same modules as uqr with the mask it chose for ${name}`, () => {
      const ours = encodeQr(text);
      assert.deepEqual(picture(ours.modules), picture(oracle(text, ours.mask).data));
    });
  }

  test('chooses the mask uqr chooses for typical payment URLs', () => {
    for (const [, text] of CONTENTS.slice(3, 6)) {
      assert.equal(encodeQr(text).mask, oracle(text).maskPattern, text);
    }
  });

  test('refuses content longer than version 40 holds', () => {
    assert.throws(() => encodeQr(repeat(2332)), RangeError);
  });
});

describe('qr: qrPath', () => {
  test('adds a four-module quiet zone to the code’s size', () => {
    const text = 'weixin://wxpay/bizpayurl?pr=Ab12Cd3';
    assert.equal(qrPath(text).size, encodeQr(text).modules.length + 8);
  });

  test('draws exactly the dark modules, shifted by the quiet zone', () => {
    const text = 'http://127.0.0.1:8090/__sandbox/qr/pay_1';
    const { modules } = encodeQr(text);
    const drawn = modules.map((row) => row.map(() => false));
    for (const [, x, y, run] of qrPath(text).d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
      for (let i = 0; i < Number(run); i++) drawn[Number(y) - 4][Number(x) - 4 + i] = true;
    }
    assert.deepEqual(picture(drawn), picture(modules));
  });
});
