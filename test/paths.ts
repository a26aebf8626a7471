/**
 * Where tests find things, said once: the repository, the shared data beside it, the shipped examples, the
 * fixtures written by scripts/fixtures/*.py (each test names the script that wrote its fixture), the golden files
 * and the shared test helpers of test/support. Every test reaches these folders through here, never by a path built
 * from its own place (tests move with the code they test).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..");
export const DATA = process.env.IOPLAN_DATA ?? join(ROOT, "..", "shared", "data");
export const EXAMPLES = join(ROOT, "examples");
export const FIXTURES = join(ROOT, "test", "fixtures");
export const GOLDEN = join(ROOT, "test", "golden");
export const SUPPORT = join(ROOT, "test", "support");

/** A JSON fixture of test/fixtures, parsed (as `any` unless the test names its shape, as JSON.parse gives it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function fixtureJson<T = any>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), "utf8")) as T;
}
