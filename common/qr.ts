// A QR code encoder (ISO/IEC 18004): byte mode, error correction level M, versions 1–40, the
// mask with the lowest penalty — after Nayuki's reference design. The BFF draws the `qrCode` of
// its answers with it (the widget carries no encoder, only the path it is sent); the e2e suite
// reads the path back. test/server/common checks it module-for-module against uqr.

// Level M, by version (index 0 unused).
const ECC_PER_BLOCK = [
  0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28,
  28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
];
const BLOCKS = [
  0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25,
  26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
];
const MASKS: ((x: number, y: number) => boolean)[] = [
  (x, y) => (x + y) % 2 === 0,
  (_x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

const bit = (value: number, i: number) => ((value >>> i) & 1) !== 0;

function rawModules(ver: number): number {
  let result = (16 * ver + 128) * ver + 64;
  if (ver >= 2) {
    const align = Math.floor(ver / 7) + 2;
    result -= (25 * align - 10) * align - 55;
    if (ver >= 7) result -= 36;
  }
  return result;
}

const dataCodewords = (ver: number) =>
  Math.floor(rawModules(ver) / 8) - ECC_PER_BLOCK[ver] * BLOCKS[ver];

function gfMul(x: number, y: number): number {
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z;
}

function rsDivisor(degree: number): number[] {
  const result: number[] = Array(degree - 1).fill(0);
  result.push(1);
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < result.length; j++) {
      result[j] = gfMul(result[j], root);
      if (j + 1 < result.length) result[j] ^= result[j + 1];
    }
    root = gfMul(root, 2);
  }
  return result;
}

function rsRemainder(data: number[], divisor: number[]): number[] {
  const result = divisor.map(() => 0);
  for (const b of data) {
    const factor = b ^ (result.shift() as number);
    result.push(0);
    divisor.forEach((coef, i) => {
      result[i] ^= gfMul(coef, factor);
    });
  }
  return result;
}

/** The data codewords: mode, length, bytes, terminator, padding. */
function codewords(bytes: Uint8Array, ver: number): number[] {
  const bits: number[] = [];
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  const capacity = dataCodewords(ver) * 8;
  put(4, 4);
  put(bytes.length, ver < 10 ? 8 : 16);
  for (const b of bytes) put(b, 8);
  put(0, Math.min(4, capacity - bits.length));
  put(0, (8 - (bits.length % 8)) % 8);
  for (let pad = 0xec; bits.length < capacity; pad ^= 0xec ^ 0x11) put(pad, 8);
  const out: number[] = [];
  for (let i = 0; i < bits.length; i += 8)
    out.push(Number.parseInt(bits.slice(i, i + 8).join(''), 2));
  return out;
}

function interleave(data: number[], ver: number): number[] {
  const blocks = BLOCKS[ver];
  const eccLen = ECC_PER_BLOCK[ver];
  const raw = Math.floor(rawModules(ver) / 8);
  const shortBlocks = blocks - (raw % blocks);
  const shortLen = Math.floor(raw / blocks);
  const divisor = rsDivisor(eccLen);
  const all: number[][] = [];
  for (let i = 0, k = 0; i < blocks; i++) {
    const dat = data.slice(k, k + shortLen - eccLen + (i < shortBlocks ? 0 : 1));
    k += dat.length;
    const ecc = rsRemainder(dat, divisor);
    if (i < shortBlocks) dat.push(0);
    all.push(dat.concat(ecc));
  }
  const result: number[] = [];
  for (let i = 0; i < all[0].length; i++)
    all.forEach((block, j) => {
      if (i !== shortLen - eccLen || j >= shortBlocks) result.push(block[i]);
    });
  return result;
}

type Grid = { size: number; dark: boolean[][]; fixed: boolean[][] };

function set(g: Grid, x: number, y: number, dark: boolean) {
  g.dark[y][x] = dark;
  g.fixed[y][x] = true;
}

function alignmentPositions(ver: number, size: number): number[] {
  if (ver === 1) return [];
  const count = Math.floor(ver / 7) + 2;
  const step = Math.floor((ver * 8 + count * 3 + 5) / (count * 4 - 4)) * 2;
  const result = [6];
  for (let pos = size - 7; result.length < count; pos -= step) result.splice(1, 0, pos);
  return result;
}

function drawFormat(g: Grid, mask: number) {
  const data = mask; // level M's format bits are 00
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  const bits = ((data << 10) | rem) ^ 0x5412;
  const s = g.size;
  for (let i = 0; i <= 5; i++) set(g, 8, i, bit(bits, i));
  set(g, 8, 7, bit(bits, 6));
  set(g, 8, 8, bit(bits, 7));
  set(g, 7, 8, bit(bits, 8));
  for (let i = 9; i < 15; i++) set(g, 14 - i, 8, bit(bits, i));
  for (let i = 0; i < 8; i++) set(g, s - 1 - i, 8, bit(bits, i));
  for (let i = 8; i < 15; i++) set(g, 8, s - 15 + i, bit(bits, i));
  set(g, 8, s - 8, true);
}

function drawFunctionPatterns(g: Grid, ver: number) {
  const s = g.size;
  for (let i = 0; i < s; i++) {
    set(g, 6, i, i % 2 === 0);
    set(g, i, 6, i % 2 === 0);
  }
  for (const [cx, cy] of [
    [3, 3],
    [s - 4, 3],
    [3, s - 4],
  ]) {
    for (let dy = -4; dy <= 4; dy++)
      for (let dx = -4; dx <= 4; dx++) {
        const d = Math.max(Math.abs(dx), Math.abs(dy));
        const x = cx + dx;
        const y = cy + dy;
        if (x >= 0 && x < s && y >= 0 && y < s) set(g, x, y, d !== 2 && d !== 4);
      }
  }
  const pos = alignmentPositions(ver, s);
  const n = pos.length;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if ((i === 0 && j === 0) || (i === 0 && j === n - 1) || (i === n - 1 && j === 0)) continue;
      for (let dy = -2; dy <= 2; dy++)
        for (let dx = -2; dx <= 2; dx++)
          set(g, pos[i] + dx, pos[j] + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
    }
  drawFormat(g, 0);
  if (ver >= 7) {
    let rem = ver;
    for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
    const bits = (ver << 12) | rem;
    for (let i = 0; i < 18; i++) {
      const a = s - 11 + (i % 3);
      const b = Math.floor(i / 3);
      set(g, a, b, bit(bits, i));
      set(g, b, a, bit(bits, i));
    }
  }
}

function drawCodewords(g: Grid, data: number[]) {
  const s = g.size;
  let i = 0;
  for (let right = s - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vert = 0; vert < s; vert++)
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const y = ((right + 1) & 2) === 0 ? s - 1 - vert : vert;
        if (!g.fixed[y][x] && i < data.length * 8) {
          g.dark[y][x] = bit(data[i >>> 3], 7 - (i & 7));
          i++;
        }
      }
  }
}

function applyMask(g: Grid, mask: number) {
  const test = MASKS[mask];
  for (let y = 0; y < g.size; y++)
    for (let x = 0; x < g.size; x++) if (!g.fixed[y][x] && test(x, y)) g.dark[y][x] = !g.dark[y][x];
}

/** Runs of equal modules and finder-like 1:1:3:1:1 patterns along one line (rules 1 and 3). */
function linePenalty(line: boolean[]): number {
  let penalty = 0;
  let run = 1;
  for (let i = 1; i <= line.length; i++) {
    if (i < line.length && line[i] === line[i - 1]) run++;
    else {
      if (run >= 5) penalty += run - 2;
      run = 1;
    }
  }
  const text = line.map((d) => (d ? '1' : '0')).join('');
  const padded = `0000${text}0000`;
  for (const pattern of ['00001011101', '10111010000']) {
    for (let at = padded.indexOf(pattern); at >= 0; at = padded.indexOf(pattern, at + 1))
      penalty += 40;
  }
  return penalty;
}

function penalty(g: Grid): number {
  const { size, dark } = g;
  let total = 0;
  let darkCount = 0;
  for (let y = 0; y < size; y++) {
    total += linePenalty(dark[y]) + linePenalty(dark.map((row) => row[y]));
    for (let x = 0; x < size; x++) {
      if (dark[y][x]) darkCount++;
      if (x < size - 1 && y < size - 1) {
        const c = dark[y][x];
        if (c === dark[y][x + 1] && c === dark[y + 1][x] && c === dark[y + 1][x + 1]) total += 3;
      }
    }
  }
  const k = Math.ceil(Math.abs(darkCount * 20 - size * size * 10) / (size * size)) - 1;
  return total + k * 10;
}

/** The QR code of a text (UTF-8, byte mode, level M): dark modules by row, no quiet zone. */
export function encodeQr(
  text: string,
  forcedMask?: number,
): { version: number; mask: number; modules: boolean[][] } {
  const bytes = new TextEncoder().encode(text);
  let ver = 1;
  while (4 + (ver < 10 ? 8 : 16) + bytes.length * 8 > dataCodewords(ver) * 8) {
    if (++ver > 40) throw new RangeError('QR content too long');
  }
  const data = interleave(codewords(bytes, ver), ver);
  const size = ver * 4 + 17;
  const blank = () => Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  const g: Grid = { size, dark: blank(), fixed: blank() };
  drawFunctionPatterns(g, ver);
  drawCodewords(g, data);
  let best = forcedMask ?? 0;
  if (forcedMask === undefined) {
    let lowest = Infinity;
    for (let m = 0; m < 8; m++) {
      applyMask(g, m);
      drawFormat(g, m);
      const p = penalty(g);
      if (p < lowest) [best, lowest] = [m, p];
      applyMask(g, m);
    }
  }
  applyMask(g, best);
  drawFormat(g, best);
  return { version: ver, mask: best, modules: g.dark };
}

/** The QR code as one SVG path of dark runs, with a 4-module quiet zone; size is the viewBox. */
export function qrPath(content: string): { size: number; d: string } {
  const { modules } = encodeQr(content);
  const size = modules.length + 8;
  let d = '';
  modules.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      let run = 1;
      while (row[x + run]) run++;
      d += `M${x + 4} ${y + 4}h${run}v1h-${run}z`;
      x += run - 1;
    }
  });
  return { size, d };
}
