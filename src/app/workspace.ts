/**
 * The models and plans a server offers: found under a folder (the repository's examples/ by default) and
 * named by short ids. Requests choose among these ids; no path from a request reaches the file system.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

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
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".") || name === "node_modules") continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      out.push(p);
      walk(p, depth - 1, out);
    } else out.push(p);
  }
}

/** Finds models (folders with datapackage.json) and plans (YAML/JSON under a plans/ folder) below `root`. */
export function scanWorkspace(root: string): Workspace {
  const all: string[] = [];
  if (existsSync(root)) walk(root, 3, all);
  const slug = (p: string) => relative(root, p).split(sep).filter((s) => s !== "plans" && s !== "model").join("-").replace(/\.(ya?ml|json)$/i, "");
  const models = all.filter((p) => existsSync(join(p, "datapackage.json"))).map((p) => ({ id: slug(p), path: p }));
  const plans = all.filter((p) => /\.(ya?ml|json)$/i.test(p) && p.split(sep).includes("plans")).map((p) => ({ id: slug(p), path: p }));
  return { root, models, plans };
}
