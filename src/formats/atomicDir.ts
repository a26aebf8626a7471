import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Writes a folder atomically: `fill(tmp)` writes into a fresh temporary folder beside `dir`, which is renamed
 * into place only when `fill` returns. A failure (or a kill) leaves no partial folder at `dir` and never
 * damages an existing one: rename cannot replace a non-empty folder, so an existing one is first moved aside,
 * then the new one renamed in, then the old one removed. Leftover `.NAME.tmp-*` folders of killed writers are
 * harmless and ignored by readers.
 */
export function writeDirAtomically(dir: string, fill: (tmp: string) => void): void {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const stamp = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const tmp = join(parent, `.${basename(dir)}.tmp-${stamp}`);
  mkdirSync(tmp);
  try {
    fill(tmp);
    if (existsSync(dir)) {
      const old = join(parent, `.${basename(dir)}.old-${stamp}`);
      renameSync(dir, old);
      renameSync(tmp, dir);
      rmSync(old, { recursive: true, force: true });
    } else renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
