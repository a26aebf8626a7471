import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Writes a folder atomically: `fill(tmp)` writes into a fresh temporary folder beside `dir`, which is renamed
 * into place only when `fill` returns. A failure (or a kill) leaves no partial folder at `dir` and never
 * damages an existing one: rename cannot replace a non-empty folder, so an existing one is first moved aside,
 * then the new one renamed in, then the old one removed. A writer that was killed leaves a hidden
 * `.NAME.tmp-PID-…` folder that nothing reads; the next write to the same place removes those of dead processes. A
 * kill between the two renames leaves `dir` missing with both folders whole beside it: {@link recoverDir} (run by the
 * next write and by readers) puts the newest back.
 */
export function writeDirAtomically(dir: string, fill: (tmp: string) => void): void {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  recoverDir(dir);
  removeLeftovers(parent, basename(dir));
  const stamp = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const tmp = join(parent, `.${basename(dir)}.tmp-${stamp}`);
  mkdirSync(tmp);
  try {
    fill(tmp);
    // the new folder is whole: say so inside it, so a kill between the renames below can be recovered from
    writeFileSync(join(tmp, COMPLETE), `${stamp}\n`);
    if (existsSync(dir)) {
      const old = join(parent, `.${basename(dir)}.old-${stamp}`);
      renameSync(dir, old);
      // for the recovery test
      if (process.env.IOPLAN_TEST_KILL_BETWEEN_RENAMES === "1") process.kill(process.pid, "SIGKILL");
      renameSync(tmp, dir);
      rmSync(old, { recursive: true, force: true });
    } else renameSync(tmp, dir);
    rmSync(join(dir, COMPLETE), { force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Marks a temporary folder whose filling finished (removed once it is in place). */
const COMPLETE = ".ioplan-complete";

/**
 * After a writer was killed between moving the old folder aside and moving the new one in, `dir` is missing while
 * both are whole beside it: puts the newest whole one back (the new folder, marked complete, else the old one). A
 * no-op when `dir` exists or nothing whole is left. Called before every write and by readers of a missing folder.
 * @returns whether a folder was recovered
 */
export function recoverDir(dir: string): boolean {
  if (existsSync(dir)) return false;
  const parent = dirname(dir);
  if (!existsSync(parent)) return false;
  const prefix = `.${basename(dir)}.`;
  const dead = readdirSync(parent)
    .filter((e) => e.startsWith(prefix))
    .map((e) => ({ e, m: /^(tmp|old)-(\d+)-(\d+)-/.exec(e.slice(prefix.length)) }))
    .filter((x) => x.m && !isAlive(Number(x.m[2])));
  const whole = dead
    .filter((x) => x.m![1] === "tmp" && existsSync(join(parent, x.e, COMPLETE)))
    .sort((a, b) => Number(b.m![3]) - Number(a.m![3]));
  const old = dead.filter((x) => x.m![1] === "old").sort((a, b) => Number(b.m![3]) - Number(a.m![3]));
  const pick = whole[0] ?? old[0];
  if (!pick) return false;
  renameSync(join(parent, pick.e), dir);
  rmSync(join(dir, COMPLETE), { force: true });
  return true;
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
