/** Starts ioplan's HTTP server (hono on Node) and stops it cleanly. */
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { LpSolver } from "../engine/index.ts";
import type { ObservationStore } from "../store/store.ts";
import type { Workspace } from "../app/workspace.ts";
import { createApp } from "./app.ts";

/** Whether a host name is loopback only. */
export function isLoopback(host: string): boolean {
  return host === "127.0.0.1" || host === "::1" || host === "localhost" || /^127\./.test(host);
}

export interface RunningServer {
  url: string;
  token?: string;
  close(): Promise<void>;
}

/**
 * Listens on host:port (port 0: any free port). Beyond loopback every write needs a token: the one given, or
 * a random one returned (and printed by the CLI).
 */
export async function startServer(o: { host: string; port: number; workspace: Workspace; store: ObservationStore; solver: LpSolver; exampleRoot?: string; webDir?: string; token?: string }): Promise<RunningServer> {
  const token = o.token ?? (isLoopback(o.host) ? undefined : randomBytes(18).toString("base64url"));
  const app = createApp({ workspace: o.workspace, store: o.store, solver: o.solver, exampleRoot: o.exampleRoot, webDir: o.webDir, token });
  return await new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: o.host, port: o.port }, (info: AddressInfo) => {
      const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        token,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.on("error", reject);
  });
}
