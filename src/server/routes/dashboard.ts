/** The dashboard: static files from web/dist, index.html for anything else that is not the API. */
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import type { Hono } from "hono";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

/** GET * (after the API's routes): the built dashboard's files, never a file outside its folder. */
export function registerDashboardRoutes(app: Hono, webDir: string | undefined): void {
  // the dashboard: static files from web/dist, index.html for anything else that is not the API
  app.get("*", (c) => {
    if (!webDir || !existsSync(join(webDir, "index.html")))
      return c.text("The dashboard is not built: run npm run build:web (the API is at /api).", 404);
    const root = realpathSync(webDir);
    let path: string;
    try {
      path = decodeURIComponent(c.req.path);
    } catch {
      return c.json({ error: `the path "${c.req.path}" has a malformed %-escape` }, 400);
    }
    const want = normalize(path).replace(/^([/\\])+/, "");
    const file = resolve(root, want);
    // inside the built folder, also after following links (a symlink out of it is not served)
    const within = (f: string) => f === root || f.startsWith(root + sep);
    const real = within(file) && want && existsSync(file) ? realpathSync(file) : undefined;
    const target = real && within(real) && extname(real) && statSync(real).isFile() ? real : join(root, "index.html");
    c.header("Content-Type", TYPES[extname(target)] ?? "application/octet-stream");
    if (target.includes(`${sep}assets${sep}`)) c.header("Cache-Control", "public, max-age=31536000, immutable");
    return c.body(readFileSync(target));
  });
}
