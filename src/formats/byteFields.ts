/**
 * Fields parsed straight from a line's UTF-8 bytes, for the triplet files of large models (10⁶ products, 2·10⁷
 * lines): making three strings a line and hashing two of them in a Map cost about 0.9 µs of the 1.4 µs a line
 * took. Anything these fast paths do not take for certain (an unknown code, a number they cannot round exactly)
 * returns a "no" answer, and the caller parses that line as text, so errors are reported as before.
 */

/**
 * Sector codes looked up by their UTF-8 bytes: an open-addressing hash table (FNV-1a, linear probing) whose
 * slots hold the index, the length and the first 8 bytes of the code, so that a lookup of a code of up to 8
 * bytes touches one slot (one cache line) and nothing else; longer codes compare their tail with the encoded
 * codes. (A Map of 10⁶ codes took about 0.5 µs a lookup of a freshly sliced string; most of the 2·10⁷ lookups of
 * a large model's triplets miss the cache, so the misses a lookup takes are what counts.)
 */
export class CodeTable {
  private readonly bytes: Uint8Array;
  private readonly starts: Int32Array;
  /** per slot: index (−1 when empty), length, bytes 0–3 and 4–7 (little-endian) */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private lo = 0;
  private hi = 0;

  constructor(codes: readonly string[]) {
    // all codes encoded in one call (10⁶ separate encodings took seconds); the starts from UTF-8 lengths
    this.starts = new Int32Array(codes.length + 1);
    codes.forEach((c, i) => (this.starts[i + 1] = this.starts[i] + utf8Length(c)));
    this.bytes = new TextEncoder().encode(codes.join(""));
    let size = 16;
    while (size < 2 * codes.length) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(4 * size).fill(-1);
    for (let i = 0; i < codes.length; i++) {
      const from = this.starts[i];
      const to = this.starts[i + 1];
      // a repeated code keeps its first index (sectors.csv forbids repeats; its reader reports them)
      if (this.find(this.bytes, from, to) >= 0) continue;
      let h = this.hash(this.bytes, from, to) & this.mask;
      while (this.slots[4 * h] >= 0) h = (h + 1) & this.mask;
      this.slots[4 * h] = i;
      this.slots[4 * h + 1] = to - from;
      this.slots[4 * h + 2] = this.lo;
      this.slots[4 * h + 3] = this.hi;
    }
  }

  /** The index of the code spelled by bytes[from, to), or −1. */
  find(bytes: Uint8Array, from: number, to: number): number {
    let h = this.hash(bytes, from, to) & this.mask;
    const len = to - from;
    const { slots, lo, hi } = this;
    for (;;) {
      const i = slots[4 * h];
      if (i < 0) return -1;
      if (
        slots[4 * h + 1] === len &&
        slots[4 * h + 2] === lo &&
        slots[4 * h + 3] === hi &&
        (len <= 8 || this.tailEquals(i, bytes, from, to))
      )
        return i;
      h = (h + 1) & this.mask;
    }
  }

  /** FNV-1a of bytes[from, to); leaves their first 8 bytes, packed, in lo and hi. */
  private hash(b: Uint8Array, from: number, to: number): number {
    let h = 0x811c9dc5;
    let lo = 0;
    let hi = 0;
    for (let k = from; k < to; k++) {
      const c = b[k];
      h = Math.imul(h ^ c, 0x01000193);
      const at = k - from;
      if (at < 4) lo |= c << (8 * at);
      else if (at < 8) hi |= c << (8 * (at - 4));
    }
    this.lo = lo;
    this.hi = hi;
    return h >>> 0;
  }

  private tailEquals(i: number, bytes: Uint8Array, from: number, to: number): boolean {
    const s = this.starts[i];
    for (let k = 8; k < to - from; k++) if (this.bytes[s + k] !== bytes[from + k]) return false;
    return true;
  }
}

/** Bytes of a string in UTF-8 (lone surrogates count 3, as TextEncoder writes U+FFFD). */
function utf8Length(c: string): number {
  let n = 0;
  for (let k = 0; k < c.length; k++) {
    const u = c.charCodeAt(k);
    if (u < 0x80) n += 1;
    else if (u < 0x800) n += 2;
    else if (u >= 0xd800 && u < 0xdc00 && k + 1 < c.length && (c.charCodeAt(k + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      k++;
    } else n += 3;
  }
  return n;
}

const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A plain decimal (`-12.5`, `0.038`, `3e-4`, `1.5E+2`) from bytes[from, to), when it can be rounded exactly
 * without text: at most 15 significant digits and a decimal exponent within ±22, so that m·10^e or m / 10^−e
 * is one correctly rounded operation on exact doubles (Clinger's fast path). Otherwise NaN, and the caller
 * parses the text (`Number`), which also reports what is wrong with a bad value.
 */
export function parseDecimal(b: Uint8Array, from: number, to: number): number {
  let p = from;
  let neg = false;
  if (p < to && (b[p] === 45 || b[p] === 43)) neg = b[p++] === 45;
  let m = 0;
  let digits = 0; // significant digits taken into m
  let any = false;
  let exp = 0;
  while (p < to && b[p] >= 48 && b[p] <= 57) {
    any = true;
    if (digits > 0 || b[p] !== 48) {
      if (++digits > 15) return NaN;
      m = m * 10 + (b[p] - 48);
    }
    p++;
  }
  if (p < to && b[p] === 46) {
    p++;
    while (p < to && b[p] >= 48 && b[p] <= 57) {
      any = true;
      if (digits > 0 || b[p] !== 48) {
        if (++digits > 15) return NaN;
        m = m * 10 + (b[p] - 48);
      }
      exp--;
      p++;
    }
  }
  if (!any) return NaN;
  if (p < to && (b[p] === 101 || b[p] === 69)) {
    p++;
    let eneg = false;
    if (p < to && (b[p] === 45 || b[p] === 43)) eneg = b[p++] === 45;
    let e = 0;
    const e0 = p;
    while (p < to && b[p] >= 48 && b[p] <= 57 && e < 1000) e = e * 10 + (b[p++] - 48);
    if (p === e0) return NaN;
    exp += eneg ? -e : e;
  }
  if (p !== to) return NaN;
  let v: number;
  if (m === 0) v = 0;
  else if (exp >= 0 && exp <= 22) v = m * POW10[exp];
  else if (exp < 0 && exp >= -22) v = m / POW10[-exp];
  else return NaN;
  return neg ? -v : v;
}
