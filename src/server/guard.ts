/**
 * What a request must show before ioplan's API looks at it: a Host the server answers to (no DNS rebinding), an
 * Origin that is the server's own on anything that changes state (no cross-site writes from a web page), a JSON
 * body on writes (no "simple" text/plain or form posts a page can send without asking), and the token off loopback.
 */
import type { Context, MiddlewareHandler } from "hono";

/** Who the server answers to. */
export interface GuardOptions {
  /**
   * Host names (no port) the server answers to: a request naming any other Host is refused, so a web page that
   * rebinds its own name to this address cannot read or write. Default: the loopback names.
   */
  hosts?: readonly string[];
  /** Token that every state-changing request must carry (Authorization: Bearer …); undefined: none (loopback). */
  token?: string;
}

/** The loopback names a local server answers to. */
export const LOOPBACK_HOSTS: readonly string[] = ["localhost", "127.0.0.1", "::1", "[::1]"];

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** A refused request: status and the reason, for the API's error body. */
export class GuardError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 415 | 421,
    message: string,
  ) {
    super(message);
    this.name = "GuardError";
  }
}

/** The host name of a Host header or URL authority, without port and lower-cased ("[::1]:8080" → "[::1]"). */
export function hostName(authority: string): string {
  const a = authority.trim().toLowerCase();
  if (a.startsWith("[")) return a.slice(0, a.indexOf("]") + 1);
  const colon = a.indexOf(":");
  return colon < 0 ? a : a.slice(0, colon);
}

/**
 * The guard as hono middleware for every route: Host first (any method), then, on writes, Origin and
 * Sec-Fetch-Site, the token, and the content type.
 * @throws GuardError (mapped to its status by the app's error handler)
 */
export function requestGuard(o: GuardOptions = {}): MiddlewareHandler {
  const hosts = new Set((o.hosts ?? LOOPBACK_HOSTS).map((h) => h.toLowerCase()));
  return async (c, next) => {
    checkHost(c, hosts);
    if (WRITES.has(c.req.method)) {
      checkOrigin(c);
      checkToken(c, o.token);
      checkContentType(c);
    }
    await next();
  };
}

function checkHost(c: Context, hosts: ReadonlySet<string>) {
  // Node's server builds the URL from the Host header; a missing one is refused too
  const raw = c.req.header("host") ?? new URL(c.req.url).host;
  const name = hostName(raw);
  if (!hosts.has(name))
    throw new GuardError(
      421,
      `this server does not answer to Host "${raw}" (it answers to: ${[...hosts].join(", ")}; start it with ` +
        `--allow-host ${name} to add it)`,
    );
}

function checkOrigin(c: Context) {
  const site = c.req.header("sec-fetch-site");
  if (site === "cross-site" || site === "same-site")
    throw new GuardError(403, `a ${site} request may not change this server's state`);
  const origin = c.req.header("origin");
  if (origin === undefined) return; // not from a browser page (curl, the CLI, tests)
  const own = new URL(c.req.url);
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    throw new GuardError(403, `Origin "${origin}" is not this server's (${own.origin})`);
  }
  if (from.host !== own.host || from.protocol !== own.protocol)
    throw new GuardError(
      403,
      `Origin "${origin}" is not this server's (${own.origin}): pages elsewhere may not change its state`,
    );
}

function checkContentType(c: Context) {
  const length = c.req.header("content-length");
  const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type === "" && (length === undefined || length === "0") && !c.req.header("transfer-encoding")) return; // no body
  if (type !== "application/json")
    throw new GuardError(
      415,
      `a request that changes state must send JSON (Content-Type: application/json), not "${type || "none"}"`,
    );
}

function checkToken(c: Context, token: string | undefined) {
  if (token === undefined) return;
  if (c.req.header("authorization") !== `Bearer ${token}`)
    throw new GuardError(
      401,
      "this server needs a token for writes: send Authorization: Bearer <token> (printed by ioplan serve)",
    );
}
