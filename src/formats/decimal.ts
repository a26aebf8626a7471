/**
 * The one reading of a number in a text file: a plain decimal (`-12.5`, `.5`, `3e-4`), with thousands separators
 * only where they group whole thousands (`1,234,567.5`) and only where a reader allows them. Everything else is not
 * a number: a decimal comma (`1,5` is not 15), hexadecimal, binary and octal literals (`0x1F`, `0b11`, `0o7`, which
 * JavaScript's Number would accept), `Infinity`, `NaN`, blanks and stray text.
 */

const PLAIN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:[eE][+-]?\d+)?$/;

/**
 * The value of `text` (trimmed) as a finite decimal, or NaN when it is not one.
 * @example decimalOf("1,234.5", { thousands: true }) // 1234.5
 * @example decimalOf("1,5", { thousands: true }) // NaN (a decimal comma, or a typo: not 15)
 * @example decimalOf("0x1F") // NaN
 */
export function decimalOf(text: string, o: { thousands?: boolean } = {}): number {
  const t = text.trim();
  let s: string;
  if (PLAIN.test(t)) s = t;
  else if (o.thousands && GROUPED.test(t)) s = t.replace(/,/g, "");
  else return NaN;
  const v = Number(s);
  return Number.isFinite(v) ? v : NaN;
}

/** Why a text is not a number, for error messages ("a decimal comma?" where it looks like one). */
export function notADecimal(text: string): string {
  const t = text.trim();
  if (/^[+-]?\d+,\d{1,2}$/.test(t) || /^[+-]?\d{1,3}(?:\.\d{3})+,\d+$/.test(t))
    return `"${text}" is not a number: a decimal comma? write ${t.replace(/\./g, "").replace(",", ".")}`;
  if (/^[+-]?0[xob]/i.test(t)) return `"${text}" is not a decimal number (hexadecimal, binary and octal are not read)`;
  if (/^[+-]?(inf|infinity|nan)$/i.test(t)) return `"${text}" is not a finite number`;
  return `"${text}" is not a number`;
}
