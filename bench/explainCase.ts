/**
 * One side of `npm run bench:explain`, in its own process: ioplan's counterfactual explanation on the case the
 * driver wrote (bench/explain.ts), timed from the model in memory to the last year's Shapley parts. Prints one
 * JSON line: seconds (best of `reps`), totals per year (for the driver to check against the peer), peak RSS.
 * usage: node --import tsx bench/explainCase.ts <case.json> <reps>
 *        node --import tsx bench/explainCase.ts mc <store.sqlite> <samples> <rel error> <seed>
 *   (mc: the worked example's review, then Monte Carlo draws of every year's explanation, timed together)
 */
import { readFileSync } from "node:fs";
import type { CounterfactualChannel } from "../src/engine/index.ts";
import { createSupplyModel, denseMatrix, explainShortfalls, methodForSolves } from "../src/engine/index.ts";

interface Case {
  n: number;
  sectors: string[];
  A: number[];
  vpu: number[];
  other: number[];
  imports: { perUnit: number[]; planned: number };
  categories: { id: string; planned: number[] }[];
  years: {
    ratios: Record<string, number>;
    importRatio: number;
    capacity: { sector: number; remaining: number };
    planned: number[];
    observed: number[];
  }[];
}

if (process.argv[2] === "mc") await monteCarlo(process.argv.slice(3));
else bea(process.argv[2], Number(process.argv[3] ?? 3));

async function monteCarlo([storeFile, samples, rel, seed]: string[]) {
  const { openStore } = await import("../src/store/openStore.ts");
  const { importDprkObservations, DPRK_PLANS } = await import("../src/app/dprk/example.ts");
  const { reviewWithContext } = await import("../src/app/review.ts");
  const { sampleExplanations } = await import("../src/app/uncertainty.ts");
  const { resolve } = await import("node:path");
  const root = resolve(import.meta.dirname, "..");
  const store = await openStore(storeFile);
  try {
    await importDprkObservations(root, store);
    const t0 = performance.now();
    const ctx = await reviewWithContext(resolve(root, DPRK_PLANS.strategy), store);
    const iv = sampleExplanations(
      [ctx],
      {
        samples: Number(samples),
        seed: Number(seed),
        coefficients: Number(rel),
        budgets: 0,
        valueAdded: 0,
        sources: true,
      },
      "proportional",
    );
    const seconds = (performance.now() - t0) / 1000;
    const years = ctx.review.explanations.map((e) => ({
      year: e.year,
      imports: e.channels.find((c) => c.id === "imports")?.ratio ?? null,
      exports: e.channels.find((c) => c.id === "final:EXP")?.ratio ?? null,
      capacity: e.channels.filter((c) => c.kind === "capacity").map((c) => [0, c.ratio])[0] ?? null,
    }));
    const plan = ctx.loaded.planFile;
    const substitution = { share: plan.substitution?.share ?? 0, cost: plan.substitution?.cost ?? 1 };
    const headroom = typeof plan.capacity.initial === "number" ? plan.capacity.initial : 1;
    const p50 = Object.fromEntries(Object.entries(iv.byYear).map(([y, h]) => [y, h["total.modelled"].p50]));
    console.log(
      JSON.stringify({
        seconds,
        totals: [{ p50 }],
        years,
        substitution,
        headroom,
        peak_rss: process.resourceUsage().maxRSS * 1024,
      }),
    );
  } finally {
    await store.close();
  }
}

function bea(file: string, reps: number) {
  const c = JSON.parse(readFileSync(file, "utf8")) as Case;
  const A = denseMatrix(c.n, c.n, c.A);
  const run = () => {
    // one factorisation for the five years, as ioplan's review makes it (the model is reused across years)
    const model = createSupplyModel(A, undefined, c.sectors, {
      method: methodForSolves(A, c.years.length * (1 + 2 * c.categories.length)),
    });
    return c.years.map((y) => {
      const channels: CounterfactualChannel[] = c.categories.map((k) => ({
        id: k.id,
        label: k.id,
        kind: "final-demand",
        planned: k.planned,
        observed: k.planned.map((v) => v * y.ratios[k.id]),
        evidence: [],
      }));
      channels.push({
        id: "imports",
        label: "imports",
        kind: "budget",
        budget: "imports",
        observedLimit: c.imports.planned * y.importRatio,
        evidence: [],
      });
      const factor = new Float64Array(c.n).fill(1);
      factor[y.capacity.sector] = y.capacity.remaining;
      channels.push({ id: "capacity", label: "capacity", kind: "capacity", factor, evidence: [] });
      const e = explainShortfalls({
        sectors: c.sectors,
        A,
        valueAddedPerUnit: c.vpu,
        otherFinalDemand: c.other,
        budgets: [{ id: "imports", label: "imports", perUnit: c.imports.perUnit, limit: c.imports.planned }],
        channels,
        rationing: { rule: "proportional" },
        planned: y.planned,
        observed: y.observed,
        model,
      });
      return Object.fromEntries([
        ...e.total.parts.map((p) => [p.channel, p.value]),
        ["modelled", e.total.modelled],
        ["valueAdded", e.valueAdded.modelled],
      ]);
    });
  };
  let best = Infinity;
  let totals: Record<string, number>[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    totals = run();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  console.log(JSON.stringify({ seconds: best, totals, peak_rss: process.resourceUsage().maxRSS * 1024 }));
}
