import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Writes a folder atomically: `fill(tmp)` writes into a fresh temporary folder beside `dir`, which is renamed
 * into place only when `fill` returns. A failure (or a kill) leaves no partial folder at `dir` and never
 * damages an existing one: rename cannot replace a non-empty folder, so an existing one is first moved aside,
 * then the new one renamed in, then the old one removed. A writer that was killed leaves a hidden
 * `.NAME.tmp-PID-…` folder that nothing reads; the next write to the same place removes those of dead processes.
 */
export function writeDirAtomically(dir: string, fill: (tmp: string) => void): void {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  removeLeftovers(parent, basename(dir));
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

/** Removes `.NAME.tmp-PID-*` and `.NAME.old-PID-*` folders whose writing process no longer exists. */
function removeLeftovers(parent: string, name: string): void {
  const prefix = `.${name}.`;
  for (const entry of readdirSync(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const m = /^(?:tmp|old)-(\d+)-/.exec(entry.slice(prefix.length));
    if (!m || Number(m[1]) === process.pid || isAlive(Number(m[1]))) continue;
    rmSync(join(parent, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
