/**
 * Which source's figure is the best estimate: the order of source types a user chose, where it was chosen, and the
 * rule reconciliation runs on. In order of strength: `--precedence` on the command line, a plan file's
 * `review.precedence`, the `precedence` of the nearest `ioplan.json` (the workspace's configuration, looked up from the
 * plan's folder or the working folder upwards), then ioplan's default.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { DEFAULT_PRECEDENCE, IoplanError, SOURCE_TYPES, precedenceOfTypes } from "../engine/index.ts";
import type { PrecedenceStep, SourceType } from "../engine/index.ts";
import type { PlanFile } from "../formats/planFile.ts";
import { PlanFileError } from "../formats/planFile.ts";

/** A precedence the user gave that ioplan cannot use: where, the bad value, and what is valid. */
export class PrecedenceError extends IoplanError {
  constructor(message: string) {
    super("bad-precedence", message);
  }
}

/** The rule and where it came from, said beside every best estimate. */
export interface ChosenPrecedence {
  steps: readonly PrecedenceStep[];
  from: string;
}

/** The workspace configuration file's name. */
export const CONFIG_FILE = "ioplan.json";

/**
 * A precedence written as source types in order ("central-bank,official-statistics"): types left out follow in
 * ioplan's default order, then figures whose source type was not declared, so every figure keeps a rank.
 * @throws PrecedenceError naming an unknown or repeated type
 */
export function precedenceFromTypes(types: readonly string[], where: string): PrecedenceStep[] {
  const seen = new Set<string>();
  for (const t of types) {
    if (!SOURCE_TYPES.includes(t as SourceType))
      throw new PrecedenceError(
        `${where}: "${t}" is not a source type; expected some of ${SOURCE_TYPES.join(", ")}, in order`,
      );
    if (seen.has(t)) throw new PrecedenceError(`${where}: "${t}" is given twice`);
    seen.add(t);
  }
  if (!types.length)
    throw new PrecedenceError(`${where}: no source type given; expected some of ${SOURCE_TYPES.join(", ")}, in order`);
  const chosen = precedenceOfTypes(types as SourceType[]);
  const rest = DEFAULT_PRECEDENCE.filter((s) => !(s.type && s.type !== "undeclared" && seen.has(s.type)));
  return [...chosen, ...rest];
}

/** The nearest ioplan.json from `dir` upwards, or undefined. */
export function findConfig(dir: string): string | undefined {
  let d = resolve(dir);
  for (;;) {
    const f = join(d, CONFIG_FILE);
    if (existsSync(f)) return f;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/**
 * The precedence of the nearest ioplan.json ({ "precedence": ["official-statistics", …] }), or undefined.
 * @throws PrecedenceError naming the file and field when it is not valid JSON or not a list of source types
 */
export function configPrecedence(dir: string): ChosenPrecedence | undefined {
  const file = findConfig(dir);
  if (!file) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new PrecedenceError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw new PrecedenceError(
      `${file}: expected an object such as { "precedence": ["official-statistics", "central-bank"] }`,
    );
  const p = (json as { precedence?: unknown }).precedence;
  if (p === undefined) return undefined;
  if (!Array.isArray(p) || p.some((x) => typeof x !== "string"))
    throw new PrecedenceError(`${file}: precedence: expected a list of source types (${SOURCE_TYPES.join(", ")})`);
  return { steps: precedenceFromTypes(p as string[], `${file}: precedence`), from: file };
}

/**
 * The rule in force: `flag` (--precedence, comma-separated types) first, then the plan's own steps, then the
 * nearest ioplan.json from `dir`, then the default.
 */
export function choosePrecedence(o: {
  flag?: string;
  plan?: readonly PrecedenceStep[];
  dir?: string;
}): ChosenPrecedence {
  if (o.flag !== undefined)
    return {
      steps: precedenceFromTypes(
        o.flag
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
        "--precedence",
      ),
      from: "--precedence",
    };
  if (o.plan) return { steps: o.plan, from: "the plan file's review.precedence" };
  return configPrecedence(o.dir ?? process.cwd()) ?? { steps: DEFAULT_PRECEDENCE, from: "ioplan's default" };
}

/**
 * The source-precedence rule in force for a plan: `flag` (--precedence) first, then the plan's own review.precedence
 * (each step's pattern checked), then the nearest ioplan.json from the plan's folder, then the default (see
 * {@link choosePrecedence}).
 */
export function precedenceOf(plan: PlanFile, file = "plan file", flag?: string): readonly PrecedenceStep[] {
  return choosePrecedence({ flag, plan: planPrecedence(plan, file), dir: dirname(resolve(file)) }).steps;
}

/** The plan's own review.precedence, each step's pattern checked, or undefined. */
export function planPrecedence(plan: PlanFile, file: string): readonly PrecedenceStep[] | undefined {
  const p = plan.review?.precedence;
  if (!p) return undefined;
  return p.map((s, k) => {
    const path = `review.precedence.${k}.source`;
    if (s.source === undefined) return s;
    // a quantified group inside a quantifier ("(a+)+") can take exponential time on a source name: refused
    if (s.source.length > 200 || /[+*}]\)[+*{?]/.test(s.source))
      throw new PlanFileError(file, [
        {
          path,
          message:
            `"${s.source.slice(0, 60)}" is refused: at most 200 characters, and no quantified group inside a ` +
            `quantifier (e.g. "(a+)+"), which can take exponential time`,
        },
      ]);
    try {
      new RegExp(s.source, "i");
    } catch (e) {
      throw new PlanFileError(file, [{ path, message: `not a regular expression: ${(e as Error).message}` }]);
    }
    return s;
  });
}
