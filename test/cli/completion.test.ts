import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../paths.ts";
import { scratch } from "../support/scratch.ts";

const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), ...args], { encoding: "utf8" });

test("bash completion: subcommands and options of the word typed so far, from the command tree", () => {
  const script = join(scratch(), "c.bash");
  writeFileSync(script, run("completion", "bash").stdout);
  const complete = (...words: string[]) =>
    spawnSync(
      "bash",
      [
        "-c",
        `source ${script}; COMP_WORDS=(${words.map((w) => `"${w}"`).join(" ")}); COMP_CWORD=${words.length - 1}; cd /nonexistent 2>/dev/null; _ioplan; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ],
      { encoding: "utf8" },
    )
      .stdout.trim()
      .split("\n");
  assert.deepEqual(complete("ioplan", "plan", "c"), ["check"]);
  assert.ok(complete("ioplan", "").includes("review"));
  assert.deepEqual(complete("ioplan", "model", "import", "wiod", "--x"), ["--xlsx"]);
  assert.deepEqual(complete("ioplan", "serve", "--po"), ["--port"]);
  const zsh = run("completion", "zsh");
  assert.match(zsh.stdout, /^#compdef ioplan/);
  assert.match(zsh.stdout, /bashcompinit/);
  const bad = run("completion", "fish");
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /use bash or zsh/);
});
