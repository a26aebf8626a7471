import type { LpSolver } from "../engine/index.ts";
import type { ObservationStore } from "../app/observations.ts";
import type { Workspace } from "../app/workspace.ts";
import type { Rate } from "./rateLimit.ts";

/** How a server is set up: its workspace, store and solver, who may write, and its limits. */
export interface ServerOptions {
  workspace: Workspace;
  store: ObservationStore;
  solver: LpSolver;
  /** Repository root (for the worked example); undefined: /api/example answers 404. */
  exampleRoot?: string;
  /** Token that writes must carry (Authorization: Bearer …); undefined: writes need none (loopback only). */
  token?: string;
  /** Host names the server answers to (default: the loopback names); any other Host header is refused (421). */
  hosts?: readonly string[];
  /** Comparison jobs running at once, per client and in all (beyond them: 429 with Retry-After). Default 2 and 8. */
  jobLimits?: { perClient: number; total: number };
  /** Per-client rates of the costly route groups (see rateLimit.ts); false: none (tests that hammer on purpose). */
  rates?: false | Partial<Record<"data" | "analysis" | "recompute" | "solve", Rate>>;
  /** Folder of the built dashboard (web/dist); undefined or missing: the API only. */
  webDir?: string;
}
