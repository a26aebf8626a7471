import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { progress, setQuiet } from "../../src/cli/progress.ts";
import { EXAMPLES, ROOT } from "../paths.ts";

function fakeTerminal(isTTY: boolean) {
  const writes: string[] = [];
  return {
    stream: { isTTY, columns: 100, write: (s: string) => (writes.push(s), true) } as unknown as NodeJS.WriteStream,
    writes,
  };
}

test("progress: a bar with the time left on a terminal after a second; nothing before, nothing when not a terminal or quiet", () => {
  const saved = process.env.CI;
  delete process.env.CI;
  try {
    let t = 0;
    const term = fakeTerminal(true);
    const p = progress("importing", { stream: term.stream, now: () => t });
    p.update(1, 10);
    assert.equal(term.writes.length, 0, "nothing in the first second");
    t = 2000;
    p.update(5, 10, "rows");
    const line = term.writes[term.writes.length - 1];
    assert.match(line, /importing \[█+░+\]\s+50 %\s+~2 s left\s+rows/);
    p.end();
    assert.equal(term.writes[term.writes.length - 1], "\r\x1b[2K");
    const pipe = fakeTerminal(false);
    const q = progress("x", { stream: pipe.stream, now: () => (t += 5000) });
    q.update(1, 2);
    q.end();
    assert.equal(pipe.writes.length, 0);
    setQuiet(true);
    const quiet = fakeTerminal(true);
    const r = progress("x", { stream: quiet.stream, now: () => (t += 5000) });
    r.update(1, 2);
    r.end();
    assert.equal(quiet.writes.length, 0);
    setQuiet(false);
    const json = fakeTerminal(true);
    progress("x", { stream: json.stream, json: true, now: () => (t += 5000) }).update(1, 2);
    assert.equal(json.writes.length, 0);
  } finally {
    if (saved !== undefined) process.env.CI = saved;
  }
});

test("the command line's output to a pipe has no progress characters", () => {
  const r = spawnSync(
    process.execPath,
    [join(ROOT, "bin", "ioplan.js"), "compare", join(EXAMPLES, "dprk", "plans", "2021-2025-draft.yaml")],
    { encoding: "utf8" },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.ok(!(r.stdout + r.stderr).includes("\u001b[") && !/[█░]/.test(r.stdout + r.stderr));
});
