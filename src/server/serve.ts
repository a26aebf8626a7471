/** Starts ioplan's HTTP server (hono on Node) and stops it cleanly. */
import { randomBytes } from "node:crypto";
import { hostname, networkInterfaces } from "node:os";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { LpSolver } from "../engine/index.ts";
import type { ObservationStore } from "../app/observations.ts";
import type { Workspace } from "../app/workspace.ts";
import { createApp } from "./app.ts";
import { LOOPBACK_HOSTS, hostName } from "./guard.ts";

/** Whether a host name is loopback only. */
export function isLoopback(host: string): boolean {
  return host === "127.0.0.1" || host === "::1" || host === "localhost" || /^127\./.test(host);
}

/**
 * The Host names a server bound to `host` answers to: the loopback names on loopback; the address itself (and, on
 * 0.0.0.0 or ::, every address of this machine and its name) beyond it; and the names given with --allow-host.
 */
export function hostsFor(host: string, extra: readonly string[]): string[] {
  const names = new Set(extra.map((h) => hostName(h)));
  if (isLoopback(host)) for (const h of LOOPBACK_HOSTS) names.add(h);
  else if (host === "0.0.0.0" || host === "::") {
    for (const h of LOOPBACK_HOSTS) names.add(h);
    names.add(hostname().toLowerCase());
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? []) names.add(a.family === "IPv6" ? `[${a.address.toLowerCase()}]` : a.address);
  } else names.add(host.includes(":") && !host.startsWith("[") ? `[${host.toLowerCase()}]` : hostName(host));
  return [...names];
}

export interface RunningServer {
  url: string;
  token?: string;
  close(): Promise<void>;
}

/**
 * Listens on host:port (port 0: any free port; with `tryNext`, that many following ports are tried in turn when one
 * is in use). Beyond loopback every write needs a token: the one given, or a random one returned (and printed by the
 * CLI).
 * @throws the listen error (code EADDRINUSE when the port, and every port tried after it, is taken)
 */
export async function startServer(o: {
  host: string;
  port: number;
  tryNext?: number;
  workspace: Workspace;
  store: ObservationStore;
  solver: LpSolver;
  exampleRoot?: string;
  webDir?: string;
  token?: string;
  allowHosts?: readonly string[];
  rates?: false;
}): Promise<RunningServer> {
  const token = o.token ?? (isLoopback(o.host) ? undefined : randomBytes(18).toString("base64url"));
  const app = createApp({
    workspace: o.workspace,
    store: o.store,
    solver: o.solver,
    exampleRoot: o.exampleRoot,
    webDir: o.webDir,
    token,
    hosts: hostsFor(o.host, o.allowHosts ?? []),
    rates: o.rates,
  });
  for (let k = 0; ; k++) {
    try {
      return await listen(app.fetch, o.host, o.port === 0 ? 0 : o.port + k, token);
    } catch (e) {
      if (
        (e as { code?: string }).code !== "EADDRINUSE" ||
        o.port === 0 ||
        k >= (o.tryNext ?? 0) ||
        o.port + k >= 65535
      )
        throw e;
    }
  }
}

function listen(
  fetch: ReturnType<typeof createApp>["fetch"],
  hostname: string,
  port: number,
  token: string | undefined,
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, (info: AddressInfo) => {
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
