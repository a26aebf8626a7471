/**
 * The one way ioplan writes a number for people: the CLI, the reports, the dashboard and the engine's own texts
 * all call these, so the same value reads the same everywhere. `Intl.NumberFormat` (en-US grouping: 1,157,470),
 * the Unicode minus sign (−1.4), and shares that never round onto a threshold they have not reached (a share of
 * 0.9995 is "99.95 %", not "100.0 %").
 */

const MINUS = "\u2212";

const cache = new Map<string, Intl.NumberFormat>();
function nf(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat("en-US", options)));
  return f;
}

const withMinus = (text: string): string => text.replace(/^-/, MINUS);

/**
 * A quantity: whole numbers with thousands separators from 1,000 up, four significant digits below (123.4, 1.234,
 * 0.01234), scientific from 10⁻⁴ down (8.52e−6), and NaN/Infinity as words. `digits` fixes the decimals instead.
 * @example
 * ```ts
 * console.log(formatNumber(1157470.4), formatNumber(-1.3875), formatNumber(8.521e-6)); // 1,157,470 −1.388 8.52e−6
 * ```
 */
export function formatNumber(v: number, o: { digits?: number } = {}): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : `${MINUS}∞`;
  if (Object.is(v, -0) || v === 0) return "0";
  if (o.digits !== undefined)
    return withMinus(nf({ minimumFractionDigits: o.digits, maximumFractionDigits: o.digits }).format(v));
  const a = Math.abs(v);
  if (a >= 1000) return withMinus(nf({ maximumFractionDigits: 0 }).format(v));
  if (a >= 1e-4) return withMinus(nf({ maximumSignificantDigits: 4 }).format(v));
  return withMinus(v.toExponential(2).replace("e-", `e${MINUS}`).replace("e+", "e"));
}

/**
 * A quantity with its unit: "9,740 USD million".
 * @example
 * ```ts
 * console.log(formatQuantity(9740.2, "USD million")); // 9,740 USD million
 * ```
 */
export function formatQuantity(v: number, unit: string | undefined): string {
  return unit ? `${formatNumber(v)} ${unit}` : formatNumber(v);
}

/**
 * A share as a percentage (0.972 → "97.2 %"), `digits` decimals (default 1). A share that is not exactly 1 (or 0)
 * is given more decimals, up to 3, rather than be printed as exactly 100 % (or 0 %): a cell that missed by 0.05 %
 * says so. `signed` writes "+2.0 %" for gains.
 * @example
 * ```ts
 * console.log(formatPercent(0.972), formatPercent(0.9995)); // 97.2 % 99.95 %
 * console.log(formatPercent(0.02, { signed: true })); // +2.0 %
 * ```
 */
export function formatPercent(share: number | null | undefined, o: { digits?: number; signed?: boolean } = {}): string {
  if (share === null || share === undefined) return "—";
  if (!Number.isFinite(share)) return formatNumber(share);
  const p = share * 100;
  let digits = o.digits ?? 1;
  const text = (d: number) =>
    nf({ minimumFractionDigits: d, maximumFractionDigits: d, signDisplay: o.signed ? "exceptZero" : "auto" }).format(p);
  // 99.95 % printed with one decimal is "100.0 %": a share below 1 (or above 0) gets up to two more decimals so that it
  // does not claim the round figure it missed; one within 5e-6 of it is that figure
  const claims = (d: number) => /^[+-]?(100|0)(\.0*)?$/.test(text(d).replace(/,/g, ""));
  const shy = (p < 100 && p > 99) || (p > 0 && p < 1);
  if (shy && claims(digits))
    for (let d = digits + 1; d <= digits + 2; d++)
      if (!claims(d)) {
        digits = d;
        break;
      }
  return `${withMinus(text(digits))} %`;
}

/**
 * A signed change: "+1.2" / "−0.395" (formatNumber with a sign).
 * @example
 * ```ts
 * console.log(formatChange(1.2), formatChange(-0.395)); // +1.2 −0.395
 * ```
 */
export function formatChange(v: number): string {
  const t = formatNumber(v);
  return v > 0 ? `+${t}` : t;
}
