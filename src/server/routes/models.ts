/** Routes on the workspace and its models: listings, a model's analysis and data, the quick check. */
import type { Hono } from "hono";
import { analyseModel } from "../../app/analyseModel.ts";
import { prepareQuickCheck, runQuickCheck, unknownQuickSectors } from "../../app/quickCheck.ts";
import { entryTriplets, forEachEntry, importShares, perUnitOfOutput, totalFinalDemand } from "../../engine/index.ts";
import { HttpError } from "../httpError.ts";
import { parseBody } from "../parseBody.ts";
import { quickCheckBody } from "../schemas.ts";
import type { Catalogue } from "../catalogue.ts";
import type { EconomyModel } from "../../engine/index.ts";

/** A model's analysis, its 25 largest flows between sectors, sources and notes, as JSON text. */
function describedModel(id: string, m: EconomyModel): string {
  const flows: { from: string; to: string; value: number }[] = [];
  forEachEntry(m.A, (i, j, v) => {
    if (i !== j && v > 0) flows.push({ from: m.sectors[i].code, to: m.sectors[j].code, value: v * m.x[j] });
  });
  flows.sort((p, q) => q.value - p.value);
  return JSON.stringify({
    id,
    name: m.name,
    unit: m.unit,
    baseYear: m.baseYear,
    sources: m.sources,
    notes: m.notes,
    analysis: analyseModel(m),
    largestFlows: flows.slice(0, 25),
  });
}

/** What the browser's worker needs to recompute: A as triplets, output, final demand, imports, capacity. */
function modelData(id: string, m: EconomyModel): ArrayBuffer {
  const { rows, cols, values } = entryTriplets(m.A);
  const imp = m.importCoefficients
    ? importShares(m.importCoefficients)
    : m.satellites.find((s) => s.code === "IMP")
      ? perUnitOfOutput(m.satellites.find((s) => s.code === "IMP")!.values, m.x)
      : null;
  return new TextEncoder().encode(
    JSON.stringify({
      id,
      name: m.name,
      unit: m.unit,
      sectors: m.sectors,
      n: m.sectors.length,
      A: { rows, cols, values },
      x: Array.from(m.x),
      finalDemand: Array.from(totalFinalDemand(m)),
      importsPerUnit: imp ? Array.from(imp) : null,
      capacities: m.capacities ? Array.from(m.capacities) : null,
      allowNegative: m.allowNegativeCoefficients,
    }),
  ).buffer as ArrayBuffer;
}

/** GET /api/models, /api/plans, /api/workspace, /api/models/:id[/data]; POST /api/quick-check. */
export function registerModelRoutes(app: Hono, cat: Catalogue): void {
  app.get("/api/models", (c) => c.json(cat.models()));
  app.get("/api/plans", (c) => c.json(cat.plans()));
  app.get("/api/workspace", (c) => {
    const models = cat.models();
    const plans = cat.plans();
    return c.json({
      name: cat.name(),
      exists: cat.exists(),
      models,
      plans,
      problems: [...models, ...plans].filter((e) => "error" in e),
    });
  });
  // built once per version of a model's files: a flood of requests is served from memory
  app.get("/api/models/:id", (c) => {
    const id = c.req.param("id");
    const body = cat.derived("described", id, (m) => describedModel(id, m));
    return c.body(body, 200, { "Content-Type": "application/json" });
  });
  app.get("/api/models/:id/data", (c) => {
    const id = c.req.param("id");
    const body = cat.derived("data", id, (m) => modelData(id, m));
    return c.body(body, 200, { "Content-Type": "application/json" });
  });

  // per model, built once per version of its files: the factored system, final demand, import shares
  app.post("/api/quick-check", async (c) => {
    const b = await parseBody(c, quickCheckBody);
    const m = cat.model(b.model);
    const pre = cat.derived("prepared", b.model, prepareQuickCheck);
    const unknown = unknownQuickSectors(pre, b);
    if (unknown.length)
      throw new HttpError(
        400,
        "unknown sectors",
        unknown.map((k) => ({ path: k, message: `not a sector of ${m.name}` })),
      );
    const r = runQuickCheck(m, pre, b);
    return c.json({ ...r, output: Array.from(r.output) });
  });
}
