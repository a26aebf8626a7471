/**
 * `npm run fuzz`: seeded mutations of real and hostile inputs through every reader, each target in a worker thread
 * watched for hangs. Reports per target the inputs run, accepted, refused (input errors, which are fine), and the
 * findings: crashes (an error that is not an input error: a stack trace to a user), hangs (no answer within the
 * limit) and NaN or Infinity in a result. Findings are saved under fuzz/findings/ (replay: the target, seed and index).
 *
 * usage: tsx fuzz/run.ts [--inputs 100000] [--seed 1] [--targets name,…] [--hang-ms 5000] [--max-bytes 1048576]
 * Exit 1 when there is any finding.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { nthInput } from "./mutate.ts";
import { targets } from "./targets.ts";
import type { WorkerJob, WorkerReport } from "./worker.ts";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const inputs = Number(arg("inputs", "100000"));
const seed = Number(arg("seed", "1"));
const hangMs = Number(arg("hang-ms", "5000"));
const maxBytes = Number(arg("max-bytes", String(1024 * 1024)));
const only = arg("targets", "").split(",").filter(Boolean);
const all = targets();

interface Tally {
  name: string;
  ok: number;
  refused: number;
  skipped: number;
  crashes: number;
  hangs: number;
  nonfinite: number;
  seconds: number;
  examples: string[];
}

function save(t: number, k: number, what: string, detail: string) {
  const dir = join(import.meta.dirname, "findings");
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${all[t].name.replace(/\W+/g, "-")}-seed${seed}-${k}`);
  writeFileSync(`${base}.bin`, nthInput(all[t].seeds, seed, k));
  writeFileSync(`${base}.txt`, `${what}\n${detail}\n`);
}

/** Runs target t over [from, to) in a worker; on a hang, records it, stops the worker and goes on after the input. */
function runRange(t: number, from: number, to: number, tally: Tally): Promise<void> {
  return new Promise((resolve) => {
    let current = from;
    let last = Date.now();
    const job: WorkerJob = { target: t, seed, from, to, maxBytes };
    const w = new Worker(new URL("./workerEntry.mjs", import.meta.url), { workerData: job });
    const watch = setInterval(() => {
      if (Date.now() - last <= hangMs) return;
      clearInterval(watch);
      tally.hangs++;
      tally.examples.push(`hang at input ${current}`);
      save(t, current, "hang", `no answer in ${hangMs} ms`);
      void w
        .terminate()
        .then(() => (current + 1 < to ? runRange(t, current + 1, to, tally) : Promise.resolve()).then(resolve));
    }, 100);
    w.on("message", (r: WorkerReport) => {
      last = Date.now();
      current = r.k;
      if ("started" in r) return;
      if (r.outcome === "ok") tally.ok++;
      else if (r.outcome === "refused") tally.refused++;
      else if (r.outcome === "skipped") tally.skipped++;
      else if ("detail" in r) {
        if (r.outcome === "crash") tally.crashes++;
        else tally.nonfinite++;
        if (tally.examples.length < 5) tally.examples.push(`${r.outcome} at input ${r.k}: ${r.detail}`);
        save(t, r.k, r.outcome, r.detail);
      }
    });
    w.on("error", (e) => {
      tally.crashes++;
      tally.examples.push(`worker died at input ${current}: ${e.message}`);
    });
    w.on("exit", () => {
      clearInterval(watch);
      resolve();
    });
  });
}

const tallies: Tally[] = [];
for (const [t, target] of all.entries()) {
  if (only.length && !only.some((o) => target.name.toLowerCase().includes(o.toLowerCase()))) continue;
  const tally: Tally = {
    name: target.name,
    ok: 0,
    refused: 0,
    skipped: 0,
    crashes: 0,
    hangs: 0,
    nonfinite: 0,
    seconds: 0,
    examples: [],
  };
  const start = Date.now();
  await runRange(t, 0, inputs, tally);
  tally.seconds = (Date.now() - start) / 1000;
  tallies.push(tally);
  console.log(
    `${target.name.padEnd(18)} ${String(inputs).padStart(7)} inputs: ${tally.ok} accepted, ${tally.refused} refused, ${tally.skipped} over ${maxBytes} bytes; ${tally.crashes} stack traces, ${tally.hangs} hangs, ${tally.nonfinite} NaN/Infinity (${tally.seconds.toFixed(1)} s)`,
  );
  for (const e of tally.examples) console.log(`    ${e.replace(/\n/g, "\n    ")}`);
}
const findings = tallies.reduce((a, t) => a + t.crashes + t.hangs + t.nonfinite, 0);
console.log(
  `seed ${seed}, ${inputs} inputs per target, hang limit ${hangMs} ms: ${findings} findings${findings ? " (saved under fuzz/findings/)" : ""}`,
);
process.exit(findings ? 1 : 0);
