const SCALES: Record<string, number> = {
  thousand: 1e3,
  thousands: 1e3,
  k: 1e3,
  million: 1e6,
  millions: 1e6,
  mn: 1e6,
  m: 1e6,
  billion: 1e9,
  billions: 1e9,
  bn: 1e9,
  trillion: 1e12,
  trillions: 1e12,
};
const SYNONYMS: Record<string, string> = {
  "%": "percent",
  "per cent": "percent",
  tons: "tonnes",
  ton: "tonnes",
  tonne: "tonnes",
  "metric tons": "tonnes",
  "metric tonnes": "tonnes",
  kt: "thousand tonnes",
  mt: "million tonnes",
};

/** A unit split into a scale and a base ("million tonnes" → 1e6 × "tonnes"; "USD million" → 1e6 × "usd").
 * @example
 * ```ts
 * console.log(parseUnit("USD million")); // { scale: 1000000, base: 'usd' }
 * console.log(parseUnit("thousand tons")); // { scale: 1000, base: 'tonnes' }
 * ```
 */
export function parseUnit(unit: string): { scale: number; base: string } {
  let u = unit.trim().toLowerCase().replace(/\s+/g, " ");
  u = SYNONYMS[u] ?? u;
  const [first, ...rest] = u.split(" ");
  if (rest.length && SCALES[first] !== undefined) {
    const base = rest.join(" ");
    const inner = parseUnit(SYNONYMS[base] ?? base);
    return { scale: SCALES[first] * inner.scale, base: inner.base };
  }
  const words = u.split(" ");
  const tail = words[words.length - 1];
  if (words.length > 1 && SCALES[tail] !== undefined)
    return { scale: SCALES[tail], base: words.slice(0, -1).join(" ") };
  return { scale: 1, base: u };
}

/**
 * The factor that turns a value in unit `from` into unit `to` (1000 from "million tonnes" to "thousand
 * tonnes"), or null when they do not convert (different bases: "TWh" and "tonnes"). Only scale words
 * (thousand, million, billion, trillion, k, mn, bn) and spellings (%, per cent; tons, metric tons; kt, Mt) are
 * understood; anything else must match exactly, case aside.
 * @example
 * ```ts
 * console.log(unitFactor("million tonnes", "thousand tonnes"), unitFactor("Mt", "tonnes")); // 1000 1000000
 * console.log(unitFactor("TWh", "tonnes")); // null
 * ```
 */
export function unitFactor(from: string, to: string): number | null {
  const a = parseUnit(from);
  const b = parseUnit(to);
  return a.base === b.base ? a.scale / b.scale : null;
}
