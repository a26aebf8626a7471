import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { readModel, writeModel } from "../../src/formats/dataPackage.ts";
import { EXAMPLES, ROOT, SUPPORT } from "../paths.ts";
import { scratch } from "../support/scratch.ts";

test("a write killed mid-way (SIGKILL) leaves the existing model intact, and the next write clears the leftover", async () => {
  const parent = scratch();
  const target = join(parent, "model");
  const original = readModel(join(EXAMPLES, "wiod-usa-2014"));
  writeModel(original, target);
  const before = readFileSync(join(target, "coefficients.csv"), "utf8");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(SUPPORT, "writeBigModel.ts"), target, "300000", "20"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  // Kill it while it is writing coefficients.csv: after sectors.csv is done and the temporary folder holds data.
  await new Promise<void>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("child never reached the write")), 60_000);
    child.stdout.on("data", (b: Buffer) => {
      out += b.toString();
      if (out.includes("sectors.csv")) {
        const poll = setInterval(() => {
          const tmp = readdirSync(parent).find((f) => f.startsWith(".model.tmp-"));
          if (
            tmp &&
            existsSync(join(parent, tmp, "coefficients.csv")) &&
            statSync(join(parent, tmp, "coefficients.csv")).size > 1_000_000
          ) {
            clearInterval(poll);
            clearTimeout(timer);
            child.kill("SIGKILL");
            resolve();
          }
        }, 5);
      }
      if (out.includes("done"))
        reject(new Error("the child finished before it could be killed; make the model larger"));
    });
  });
  await new Promise((r) => child.on("exit", r));
  assert.equal(child.signalCode, "SIGKILL");
  // the model at the target is exactly the one before
  assert.equal(readFileSync(join(target, "coefficients.csv"), "utf8"), before);
  assert.equal(readModel(target).name, original.name);
  const leftovers = readdirSync(parent).filter((f) => f.startsWith(".model."));
  assert.equal(leftovers.length, 1, "the killed writer's temporary folder is still there, unread");
  writeModel(original, target);
  assert.deepEqual(
    readdirSync(parent).filter((f) => f.startsWith(".model.")),
    [],
    "the next write removed it",
  );
});

test("a write killed between its two renames loses no model: the next reader puts the new, whole one in place", async () => {
  const parent = scratch();
  const target = join(parent, "model");
  const original = readModel(join(EXAMPLES, "dprk", "model"));
  writeModel(original, target);
  // the writer moves the old model aside, then is killed (the test hook) before moving the new one in
  const child = spawnSync(process.execPath, ["--import", "tsx", join(SUPPORT, "writeBigModel.ts"), target, "50", "2"], {
    env: { ...process.env, IOPLAN_TEST_KILL_BETWEEN_RENAMES: "1" },
    encoding: "utf8",
  });
  assert.equal(child.signal, "SIGKILL");
  assert.equal(existsSync(target), false, "the kill left no model at its place");
  const beside = readdirSync(parent).filter((f) => f.startsWith(".model."));
  assert.deepEqual(beside.map((f) => f.replace(/-\d+-\d+-\w+$/, "")).sort(), [".model.old", ".model.tmp"]);
  // a reader recovers the newest whole model (the one the killed writer had finished), and the CLI reads it too
  const m = readModel(target);
  assert.equal(m.sectors.length, 50);
  assert.equal(existsSync(join(target, ".ioplan-complete")), false);
  const info = spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), "model", "info", target], {
    encoding: "utf8",
  });
  assert.equal(info.status, 0, info.stderr);
  // the old one stays beside it until the next write clears it
  writeModel(original, target);
  assert.deepEqual(
    readdirSync(parent).filter((f) => f.startsWith(".model.")),
    [],
  );
  assert.equal(readModel(target).sectors.length, original.sectors.length);
});
