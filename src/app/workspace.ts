/**
 * The models and plans a server offers: found under a folder (the repository's examples/ by default) and
 * named by short ids. Requests choose among these ids; no path from a request reaches the file system.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { recoverDir } from "../formats/atomicDir.ts";

export interface WorkspaceEntry {
  id: string;
  path: string;
}

export interface Workspace {
  root: string;
  models: WorkspaceEntry[];
  plans: WorkspaceEntry[];
}

function walk(dir: string, depth: number, out: string[]): void {
  if (depth < 0) return;
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return; // a folder removed while it is walked: it is simply not there
  }
  for (const name of names) {
    if (name.startsWith(".") || name === "node_modules") continue;
    const p = join(dir, name);
    out.push(p);
    if (isDirectory(p)) walk(p, depth - 1, out);
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Finds models (folders with datapackage.json) and plans (YAML/JSON under a plans/ folder) below `root`, three
 * folders deep. Blocking (a directory walk: about 1 ms on the repository's examples/).
 * @example
 * ```ts
 * const ws = scanWorkspace("examples");
 * console.log(ws.plans.map((p) => p.id).includes("dprk-2021-2025-draft")); // true
 * ```
 */
export function scanWorkspace(root: string): Workspace {
  const all: string[] = [];
  if (existsSync(root)) walk(root, 3, all);
  const slug = (p: string) =>
    relative(root, p)
      .split(sep)
      .filter((s) => s !== "plans" && s !== "model")
      .join("-")
      .replace(/\.(ya?ml|json)$/i, "");
  const models = all.filter((p) => existsSync(join(p, "datapackage.json"))).map((p) => ({ id: slug(p), path: p }));
  const plans = all
    .filter((p) => /\.(ya?ml|json)$/i.test(p) && p.split(sep).includes("plans") && !isDirectory(p))
    .map((p) => ({ id: slug(p), path: p }));
  return { root, models, plans };
}

/**
 * Puts back a model folder whose writer was killed between its two renames (the newest whole copy wins); true when
 * `path` exists afterwards.
 */
export function recoverInterruptedWrite(path: string): boolean {
  return recoverDir(path);
}
