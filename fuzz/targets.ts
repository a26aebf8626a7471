/**
 * What the fuzz harness feeds: every reader of user files and the HTTP API's bodies, each with real seed inputs and
 * the hostile files the safety issue found. A target turns bytes into a call; it returns what the reader returned
 * (scanned for NaN and Infinity where none may be) or throws. Input errors are fine; anything else is a finding.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { readDemandCsv } from "../src/app/solveDemand.ts";
import { readModel } from "../src/formats/dataPackage.ts";
import { readLabelledTable } from "../src/formats/labelledMatrix.ts";
import { readPlanFile, resolvePlan } from "../src/formats/planFile.ts";
import { readPymrio } from "../src/formats/pymrio.ts";
import { readObservationsCsv } from "../src/formats/observationsCsv.ts";
import { hostileXlsx } from "./hostile.ts";
import { scanWorkspace } from "../src/app/workspace.ts";
import type { LpSolver } from "../src/engine/index.ts";
import { createApp } from "../src/server/app.ts";
import { openStore } from "../src/store/openStore.ts";

const ROOT = join(import.meta.dirname, "..");
const EXAMPLES = join(ROOT, "examples");
const FIXTURES = join(ROOT, "test", "fixtures");
const DATA = process.env.IOPLAN_DATA ?? join(ROOT, "..", "shared", "data");

export interface Target {
  name: string;
  /** Seed inputs (real files), and hostile ones. */
  seeds: Buffer[];
  /** Runs the reader on one input; returns what must hold no NaN/Infinity (or undefined), throws on refusal. */
  run(input: Buffer, scratch: string): unknown | Promise<unknown>;
}

const file = (scratch: string, name: string, input: Buffer) => {
  const f = join(scratch, name);
  writeFileSync(f, input);
  return f;
};

/** The numbers of a model that must be finite. */
const modelNumbers = (m: ReturnType<typeof readModel>) => ({
  A: "values" in m.A ? m.A.values : m.A.data,
  x: m.x,
  f: m.finalDemand.data,
});

/** Small slices of real files keep each run fast (a fuzzer wants many inputs, not big ones). */
const head = (f: string, lines: number) =>
  Buffer.from(readFileSync(f, "utf8").split("\n").slice(0, lines).join("\n") + "\n");

export function targets(): Target[] {
  const dprkModel = join(EXAMPLES, "dprk", "model");
  const model = readModel(dprkModel);
  const xlsxSeeds = [readFileSync(join(FIXTURES, "mb2.xlsx")), ...hostileXlsx()];
  return [
    {
      name: "labelled CSV",
      seeds: [readFileSync(join(FIXTURES, "mb2.csv"))],
      run: async (input, s) =>
        modelNumbers(await readLabelledTable(file(s, "t.csv", input), { name: "t", baseYear: 2020, unit: "USD" })),
    },
    {
      name: "labelled XLSX",
      seeds: xlsxSeeds,
      run: async (input, s) =>
        modelNumbers(await readLabelledTable(file(s, "t.xlsx", input), { name: "t", baseYear: 2020, unit: "USD" })),
    },
    {
      name: "observations CSV",
      seeds: [
        head(join(DATA, "dprk", "indicators.csv"), 40),
        readFileSync(join(EXAMPLES, "dprk", "observations", "trade.csv")),
      ],
      run: (input, s) => readObservationsCsv(file(s, "o.csv", input)).rows.map((r) => (r.value === null ? 0 : r.value)),
    },
    {
      name: "data package",
      seeds: [
        "datapackage.json",
        "sectors.csv",
        "coefficients.csv",
        "final_demand.csv",
        "value_added.csv",
        "satellites.csv",
      ].map((f) => Buffer.concat([Buffer.from(`${f}\n`), readFileSync(join(dprkModel, f))])),
      run: (input, s) => {
        // the first line names the resource the rest replaces
        const nl = input.indexOf(10);
        const name = input.subarray(0, Math.max(0, nl)).toString("latin1");
        const dir = join(s, "m");
        cpSync(dprkModel, dir, { recursive: true });
        if (/^[a-z_]+\.(csv|json)$/.test(name)) writeFileSync(join(dir, name), input.subarray(nl + 1));
        return modelNumbers(readModel(dir));
      },
    },
    {
      name: "pymrio",
      seeds: readdirSync(join(FIXTURES, "pymrio_mb2"), { recursive: true })
        .map(String)
        .filter((f) => f.endsWith(".json") || f.endsWith(".txt"))
        .map((f) => Buffer.concat([Buffer.from(`${f}\n`), readFileSync(join(FIXTURES, "pymrio_mb2", f))])),
      run: (input, s) => {
        const nl = input.indexOf(10);
        const name = input.subarray(0, Math.max(0, nl)).toString("latin1");
        const dir = join(s, "py");
        cpSync(join(FIXTURES, "pymrio_mb2"), dir, { recursive: true });
        if (/^[A-Za-z_]+(\/[A-Za-z_]+)?\.(txt|json)$/.test(name)) {
          mkdirSync(dirname(join(dir, name)), { recursive: true });
          writeFileSync(join(dir, name), input.subarray(nl + 1));
        }
        return modelNumbers(readPymrio(dir, { baseYear: 2020 }));
      },
    },
    {
      name: "plan YAML/JSON",
      seeds: [
        readFileSync(join(EXAMPLES, "dprk", "plans", "2021-2025-draft.yaml")),
        readFileSync(join(EXAMPLES, "plans", "usa-2015-2019-illustrative.yaml")),
        Buffer.from(
          JSON.stringify({
            name: "j",
            model: "x",
            period: { start: 2021, end: 2022 },
            targets: [{ id: "a", sector: "AGR", values: { growth: 0 } }],
          }),
        ),
      ],
      run: (input, s) => {
        const dir = join(s, "plans");
        mkdirSync(dir, { recursive: true });
        const f = file(dir, input[0] === 123 ? "p.json" : "p.yaml", input);
        const read = readPlanFile(f);
        // resolved against the example's model whatever the file names (no model is read from a mutated path)
        resolvePlan(f, read.plan, model);
        return undefined;
      },
    },
    {
      name: "HTTP bodies",
      seeds: [
        Buffer.from(
          `/api/quick-check\n${JSON.stringify({ model: "dprk", importCap: 0.5, demand: { AGR: 1.1 }, capacityLoss: { MIN: 0.2 } })}`,
        ),
        Buffer.from(
          `/api/observations\n${JSON.stringify({ batch: "b", rows: [{ indicator: "steel", period: "2021", value: 1.5, unit: "Mt", kind: "estimate", sourceName: "Office", status: "estimated" }] })}`,
        ),
        Buffer.from(`/api/plans/dprk-2016-2020-strategy/explain?year=2020&rationing=priority\n`),
        Buffer.from(`/api/models/dprk\n`),
      ],
      run: async (input) => {
        const nl = input.indexOf(10);
        const path = input.subarray(0, Math.max(0, nl)).toString("latin1");
        const body = input.subarray(nl + 1);
        const app = await httpApp();
        const safePath = /^\/[\x21-\x7e]*$/.test(path) ? path : "/api/models";
        const r = await app.request(
          safePath,
          body.length
            ? { method: "POST", body: new Uint8Array(body), headers: { "content-type": "application/json" } }
            : undefined,
        );
        if (r.status >= 500) throw new Error(`${safePath}: status ${r.status}: ${(await r.text()).slice(0, 200)}`);
        // a 4xx is the API refusing the input, named: counted as refused, like a reader's input error
        if (r.status >= 400) throw Object.assign(new Error(`status ${r.status}`), { name: "Refused" });
        return undefined;
      },
    },
    {
      name: "demand CSV",
      seeds: [Buffer.from("sector,value\nAGR,1\nMIN,2.5\nSRV,1e3\n")],
      run: (input, s) => readDemandCsv(file(s, "d.csv", input), model),
    },
  ];
}

let app: ReturnType<typeof createApp> | undefined;
/** One API per worker, on a store of its own and a solver that is never reached by the routes fuzzed. */
async function httpApp(): Promise<ReturnType<typeof createApp>> {
  if (app) return app;
  const store = await openStore(join(mkdtempSync(join(tmpdir(), "ioplan-fuzz-store-")), "s.sqlite"));
  const solver = {
    solve: () => Promise.reject(new Error("no solves while fuzzing")),
    close: async () => undefined,
  } as unknown as LpSolver;
  app = createApp({ workspace: scanWorkspace(EXAMPLES), store, solver });
  return app;
}

/** A fresh scratch folder per input (removed by the harness). */
export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), "ioplan-fuzz-"));
}
