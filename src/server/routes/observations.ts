/** Routes on the observations store: figures, indicators, reconciliation, import; and the worked example. */
import type { Hono } from "hono";
import { runDprkExample } from "../../app/dprk/example.ts";
import type { DprkExample } from "../../app/dprk/example.ts";
import { importObservationRows, listIndicators, listObservations, reconcileStored } from "../../app/observations.ts";
import type { ObservationInput } from "../../engine/index.ts";
import { bodyLimit } from "hono/body-limit";
import { HttpError } from "../httpError.ts";
import { parseBody } from "../parseBody.ts";
import { observationsBody } from "../schemas.ts";
import type { ServerOptions } from "../options.ts";

/**
 * GET /api/observations, /api/indicators, /api/reconcile; POST /api/observations (16 MiB); POST and GET /api/example.
 */
export function registerObservationRoutes(app: Hono, o: ServerOptions): void {
  let example: Promise<DprkExample> | undefined;
  app.get("/api/observations", async (c) => {
    const indicator = c.req.query("indicator");
    const rows = await listObservations(o.store, { indicator: indicator || undefined });
    return c.json(rows.slice(0, Number(c.req.query("limit") ?? 5000)));
  });
  app.get("/api/indicators", async (c) => c.json(await listIndicators(o.store)));
  // under the workspace's rule (its ioplan.json, else the default), said in the answer
  app.get("/api/reconcile", async (c) =>
    c.json(await reconcileStored(o.store, { indicator: c.req.query("indicator") || undefined, dir: o.workspace.root })),
  );
  app.post(
    "/api/observations",
    bodyLimit({ maxSize: 16 * 1024 * 1024, onError: (c) => c.json({ error: "request body over 16 MiB" }, 413) }),
    async (c) => {
      const b = await parseBody(c, observationsBody);
      return c.json(
        await importObservationRows(
          o.store,
          b.batch,
          b.rows.map((r) => ({
            ...r,
            kind: r.kind as ObservationInput["kind"],
            status: r.status as ObservationInput["status"],
          })),
        ),
      );
    },
  );

  // running the example imports its observations into the store: a write, so a POST; GET gives the result once run
  app.post("/api/example", async (c) => {
    if (!o.exampleRoot) throw new HttpError(404, "this server was started without the worked example");
    example ??= runDprkExample(o.exampleRoot, o.store, o.solver);
    return c.json(await example);
  });
  app.get("/api/example", async (c) => {
    if (!o.exampleRoot) throw new HttpError(404, "this server was started without the worked example");
    if (!example)
      throw new HttpError(
        404,
        "the worked example has not been run on this server: POST /api/example runs it (it imports the " +
          "example's observations into the store)",
      );
    return c.json(await example);
  });
}
