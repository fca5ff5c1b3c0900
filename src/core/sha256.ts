/**
 * SHA-256 (FIPS 180-4) of a UTF-8 string, as lowercase hex — what
 * `createHash('sha256').update(text).digest('hex')` returns. For the names tokenrelay derives
 * from settings (the job's token cache key, a stored environment's file name) on paths whose
 * whole budget is a few milliseconds: loading node:crypto costs ~5 ms of start-up, hashing
 * a few hundred bytes here costs microseconds. __tests__/unit/core-sha256.test.ts checks it
 * against node:crypto and the FIPS 180-4 examples. Anything that signs, encrypts or draws
 * randomness still uses node:crypto.
 */

/** The first 64 primes; the constants are the fractional bits of their cube (and square) roots. */
function primes(n: number): number[] {
  const found: number[] = [];
  for (let c = 2; found.length < n; c++) if (found.every((p) => c % p !== 0)) found.push(c);
  return found;
}

const frac32 = (x: number) => Math.floor((x - Math.floor(x)) * 2 ** 32) >>> 0;
/** Computed on first use: most runs never hash. */
let constants: { K: Uint32Array; H0: Uint32Array } | undefined;
function roundConstants(): { K: Uint32Array; H0: Uint32Array } {
  if (!constants) {
    const p = primes(64);
    constants = {
      K: Uint32Array.from(p, (q) => frac32(Math.cbrt(q))),
      H0: Uint32Array.from(p.slice(0, 8), (q) => frac32(Math.sqrt(q))),
    };
  }
  return constants;
}

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

export function sha256Hex(text: string): string {
  const { K, H0 } = roundConstants();
  const bytes = Buffer.from(text, 'utf8');
  const blocks = Math.ceil((bytes.length + 9) / 64);
  const data = new Uint8Array(blocks * 64);
  data.set(bytes);
  data[bytes.length] = 0x80;
  const view = new DataView(data.buffer);
  const bits = bytes.length * 8;
  view.setUint32(data.length - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(data.length - 4, bits >>> 0);

  const h = Uint32Array.from(H0);
  const w = new Uint32Array(64);
  for (let block = 0; block < data.length; block += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(block + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let [a, b, c, d, e, f, g, hh] = h as unknown as number[];
    for (let i = 0; i < 64; i++) {
      const s1 = rotr(e!, 6) ^ rotr(e!, 11) ^ rotr(e!, 25);
      const ch = (e! & f!) ^ (~e! & g!);
      const t1 = (hh! + s1 + ch + K[i]! + w[i]!) | 0;
      const s0 = rotr(a!, 2) ^ rotr(a!, 13) ^ rotr(a!, 22);
      const maj = (a! & b!) ^ (a! & c!) ^ (b! & c!);
      const t2 = (s0 + maj) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d! + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0]! += a!;
    h[1]! += b!;
    h[2]! += c!;
    h[3]! += d!;
    h[4]! += e!;
    h[5]! += f!;
    h[6]! += g!;
    h[7]! += hh!;
  }
  let hex = '';
  for (const word of h) hex += word.toString(16).padStart(8, '0');
  return hex;
}
