/**
 * Versions of workspace files, so that a server can keep what it read while the files are unchanged and read them
 * again once they change: a plan file's stamp is its size and modification time; a model folder's, those of every
 * file in it. No watcher and no timer: a stamp is taken when it is asked for (a few stat calls).
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function fileStamp(path: string): string | null {
  try {
    const s = statSync(path);
    return s.isFile() ? `${s.size}:${s.mtimeMs}` : null;
  } catch {
    return null;
  }
}

/**
 * The stamp of a plan file or a model folder; null when it is gone. Equal stamps: the same files as before.
 * Blocking (one stat per file).
 * @example
 * ```ts
 * console.log(entryStamp("examples/dprk/model") === entryStamp("examples/dprk/model")); // true
 * console.log(entryStamp("examples/no-such-model")); // null
 * ```
 */
export function entryStamp(path: string): string | null {
  let names: string[];
  try {
    if (!statSync(path).isDirectory()) return fileStamp(path);
    names = readdirSync(path).sort();
  } catch {
    return null;
  }
  const parts = names.map((n) => `${n}=${fileStamp(join(path, n)) ?? "dir"}`);
  return parts.length ? parts.join("|") : null;
}
