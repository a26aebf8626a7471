/**
 * Seeded mutations of an input file: what a fuzzer does to find the inputs a reader was not written for. Every
 * mutation is a pure function of the seed, so a finding is replayed from its seed alone.
 */
import { seededRandom } from "../src/engine/index.ts";

/** Texts a parser meets in the wild or from an attacker, spliced in at random. */
const TOKENS = [
  "",
  ",",
  ";",
  "\t",
  "\n",
  "\r\n",
  '"',
  '""',
  "\u0000",
  "\uFEFF",
  "0",
  "-0",
  "1e308",
  "-1e308",
  "1e999",
  "NaN",
  "Infinity",
  "-Infinity",
  "0x1F",
  "0b11",
  "0o7",
  "1,5",
  "1.2.3",
  "9".repeat(400),
  "é",
  "💥",
  "..",
  "../",
  "/dev/zero",
  "null",
  "true",
  "{",
  "}",
  "[",
  "]",
  "<c>",
  "</c>",
  "<v>",
  "&#99999999;",
  "&amp;",
  "2017-02-31",
  "2017-13-45",
  "A1",
  "XFD1048576",
  "{{",
  "*",
  "(a+)+$",
  "%00",
  "%E0%A4%A",
  " ".repeat(64),
  "\\",
  "'",
  "`",
];

/**
 * One mutation of `input`, chosen and applied with the random stream `rand`: flip bytes, delete, duplicate or insert a
 * chunk, splice a token, replace a number, truncate, or repeat a line many times.
 */
export function mutate(input: Buffer, rand: () => number): Buffer {
  const n = input.length;
  const at = () => Math.floor(rand() * (n + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const kind = Math.floor(rand() * 9);
  switch (kind) {
    case 0: {
      // flip a few bytes
      const out = Buffer.from(input);
      for (let k = 0; k < 1 + Math.floor(rand() * 4) && n; k++)
        out[Math.floor(rand() * n)] ^= 1 << Math.floor(rand() * 8);
      return out;
    }
    case 1: {
      const a = at();
      const b = Math.min(n, a + Math.floor(rand() * 64));
      return Buffer.concat([input.subarray(0, a), input.subarray(b)]);
    }
    case 2: {
      const a = at();
      const b = Math.min(n, a + Math.floor(rand() * 256));
      return Buffer.concat([input.subarray(0, b), input.subarray(a, b), input.subarray(b)]);
    }
    case 3: {
      const a = at();
      return Buffer.concat([input.subarray(0, a), Buffer.from(pick(TOKENS)), input.subarray(a)]);
    }
    case 4: {
      // replace a number with an extreme one
      const text = input.toString("latin1");
      const nums = [...text.matchAll(/-?\d+(\.\d+)?(e[+-]?\d+)?/gi)];
      if (!nums.length) return mutate(input, rand);
      const m = pick(nums);
      return Buffer.from(
        text.slice(0, m.index) +
          pick(["1e308", "-1e308", "NaN", "0", "-0", "1e-320", "9".repeat(40), "2147483648", "-1", "1,5", "0x1F"]) +
          text.slice(m.index! + m[0].length),
        "latin1",
      );
    }
    case 5:
      return input.subarray(0, at());
    case 6: {
      // repeat one line many times (size stays small: at most a few hundred KB)
      const lines = input.toString("latin1").split("\n");
      const k = Math.floor(rand() * lines.length);
      const times = 1 + Math.floor(rand() * Math.min(2000, 200_000 / Math.max(1, lines[k].length)));
      lines.splice(k, 0, ...Array(times).fill(lines[k]));
      return Buffer.from(lines.join("\n"), "latin1");
    }
    case 7: {
      // swap two cells of a delimited line
      const lines = input.toString("latin1").split("\n");
      const k = Math.floor(rand() * lines.length);
      const cells = lines[k].split(",");
      if (cells.length > 1) {
        const i = Math.floor(rand() * cells.length);
        const j = Math.floor(rand() * cells.length);
        [cells[i], cells[j]] = [cells[j], cells[i]];
      }
      lines[k] = cells.join(",");
      return Buffer.from(lines.join("\n"), "latin1");
    }
    default:
      return mutate(mutate(input, rand), rand);
  }
}

/** The k-th input of a target under a seed: a seed file, mutated one to three times. */
export function nthInput(seeds: readonly Buffer[], seed: number, k: number): Buffer {
  const rand = seededRandom((seed * 1_000_003 + k) >>> 0).uniform;
  let out = seeds[Math.floor(rand() * seeds.length)];
  const rounds = 1 + Math.floor(rand() * 3);
  for (let r = 0; r < rounds; r++) out = mutate(out, rand);
  return out;
}
