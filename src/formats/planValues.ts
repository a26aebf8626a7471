/**
 * Values of a plan file per plan year (explicit, linear between, growth from a base), and the problems a field can
 * have.
 */
import type { YearValues } from "./planSchema.ts";

/** A problem with a plan file's field; a warning is reported beside the result instead of stopping it. */
export type Problem = { path: string; message: string; warning?: boolean };

export function perYear(
  v: YearValues,
  years: number[],
  baseYear: number,
  baseValue: number,
  path: string,
  problems: Problem[],
  o: { holdBack?: "warn" | "silent" } = {},
): Float64Array {
  const out = new Float64Array(years.length);
  if ("growth" in v && typeof v.growth === "number") {
    const base = typeof v.base === "number" ? v.base : baseValue;
    years.forEach((y, k) => (out[k] = base * Math.pow(1 + (v.growth as number), y - baseYear)));
    return out;
  }
  const given = Object.entries(v as Record<string, number>)
    .map(([y, x]) => [Number(y), x] as const)
    .sort((a, b) => a[0] - b[0]);
  for (const [y] of given)
    if (y < years[0] || y > years[years.length - 1])
      problems.push({
        path: `${path}.${y}`,
        message: `year ${y} is outside the plan period ${years[0]}–${years[years.length - 1]}`,
      });
  // a value held backwards before the first year given is said, never silent
  const early = given.length ? years.filter((y) => y < given[0][0]) : [];
  if (early.length && o.holdBack !== "silent")
    problems.push({
      path,
      warning: true,
      message:
        `${early.join(", ")} ${early.length > 1 ? "take" : "takes"} the first value given (${given[0][0]}), ` +
        `held backwards: give a value for ${early[0]}` +
        (path.startsWith("targets.") ? ", or set only: true for a target in the years given only" : ""),
    });
  years.forEach((y, k) => {
    const before = [...given].reverse().find(([gy]) => gy <= y);
    const after = given.find(([gy]) => gy >= y);
    out[k] = !before
      ? after![1]
      : !after
        ? before[1]
        : before[0] === after[0]
          ? before[1]
          : before[1] + ((after[1] - before[1]) * (y - before[0])) / (after[0] - before[0]);
  });
  return out;
}
