/** `ioplan serve`: the HTTP API and the dashboard. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { scanWorkspace } from "../../app/workspace.ts";
import { startServer } from "../../server/serve.ts";
import { openPlanSolver } from "../../app/solvers.ts";
import { openObservationStore as openStore } from "../../app/observations.ts";
import type { ObservationStore } from "../../app/observations.ts";
import { UsageError, repoRoot } from "../shared.ts";

/**
 * Starts the API and dashboard on a store (the workspace's models and plans; the repository's worked example),
 * prints where, and stops cleanly on Ctrl-C or SIGTERM (server, solver, store).
 */
export async function serveUntilStopped(o: {
  host: string;
  port: number;
  portGiven: boolean;
  workspace: string;
  store: ObservationStore;
  token?: string;
  label?: string;
  allowHosts?: string[];
}): Promise<void> {
  const root = repoRoot();
  const solver = openPlanSolver();
  let s: Awaited<ReturnType<typeof startServer>>;
  try {
    // the default port may be taken (another ioplan, another server): the next free one of 20 is fine; a port the
    // user named is theirs to change
    s = await startServer({
      host: o.host,
      port: o.port,
      tryNext: o.portGiven ? 0 : 20,
      workspace: scanWorkspace(o.workspace),
      store: o.store,
      solver,
      exampleRoot: root,
      webDir: join(root, "web", "dist"),
      token: o.token ?? process.env.IOPLAN_TOKEN,
      allowHosts: o.allowHosts,
    });
  } catch (e) {
    await solver.close();
    await o.store.close();
    const code = (e as { code?: string }).code;
    if (code === "EADDRINUSE")
      throw new UsageError(
        `port ${o.port} on ${o.host} is in use${o.portGiven ? "" : " (and the 20 after it)"}; choose another ` +
          `with --port (0: any free port)`,
      );
    if (code === "EADDRNOTAVAIL" || code === "EACCES")
      throw new UsageError(
        `cannot listen on ${o.host}:${o.port} (${code}): ` +
          (code === "EACCES"
            ? "ports below 1024 need privileges; choose another with --port"
            : "that address is not this machine's; check --host"),
      );
    throw e;
  }
  const taken = Number(new URL(s.url).port);
  if (o.port !== 0 && taken !== o.port) console.log(`(port ${o.port} is in use; serving on ${taken})`);
  console.log(
    `${o.label ?? "ioplan dashboard and API"}: ${s.url}/  (API: ${s.url}/api, OpenAPI: ` +
      `${s.url}/api/openapi.json). Stop with Ctrl-C.`,
  );
  if (s.token && !o.token && !process.env.IOPLAN_TOKEN) console.log(`writes need: Authorization: Bearer ${s.token}`);
  if (!existsSync(join(root, "web", "dist", "index.html")))
    console.log("(the dashboard is not built: npm run build:web)");
  const stop = async () => {
    await s.close();
    await solver.close();
    await o.store.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("Serve the HTTP API (OpenAPI at /api/openapi.json) and the dashboard; 127.0.0.1 by default")
    .option("--port <port>", "port (0: any free port)", "8080")
    .option("--host <host>", "address to listen on (beyond loopback, writes need a token)", "127.0.0.1")
    .option("--db <location>", "SQLite file or postgres:// URL (default: .ioplan/ioplan.sqlite or $IOPLAN_DB)")
    .option("--workspace <dir>", "folder of models and plans to offer (default: the repository's examples/)")
    .option("--token <token>", "token writes must carry (default beyond loopback: a random one, printed)")
    .option("--allow-host <name...>", "more Host names to answer to (e.g. the machine's DNS name); others are refused")
    .addHelpText(
      "after",
      '\nExample:\n  ioplan serve --port 8080\n  ioplan serve --host 0.0.0.0 --token "$IOPLAN_TOKEN"\n',
    )
    .action(
      async (
        o: { port: string; host: string; db?: string; workspace?: string; token?: string; allowHost?: string[] },
        cmd: Command,
      ) => {
        const port = Number(o.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new UsageError(`--port ${o.port} is not a port number (0–65535)`);
        const root = repoRoot();
        const ws = o.workspace ?? join(root, "examples");
        if (!existsSync(ws)) throw new UsageError(`--workspace ${ws} does not exist`);
        const store = await openStore(o.db);
        await serveUntilStopped({
          host: o.host,
          port,
          portGiven: cmd.getOptionValueSource("port") !== "default",
          workspace: ws,
          store,
          token: o.token,
          allowHosts: o.allowHost,
        });
      },
    );
}
