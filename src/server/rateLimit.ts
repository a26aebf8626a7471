/**
 * Per-client rate limits for the routes that cost the server time (model data, analyses, recomputes, solves): a
 * token bucket per client address and route group. Beyond it a client gets 429 with Retry-After at once, which costs
 * the server next to nothing, so a flood from one client cannot starve the others (or /api/health) of the event loop.
 */
import type { Context, MiddlewareHandler } from "hono";

/** Requests a second a client may make to a route group, and how many it may make at once before that rate applies. */
export interface Rate {
  perSecond: number;
  burst: number;
}

/** The client's address (for per-client limits): the socket's peer on Node, "local" in tests without one. */
export function clientOf(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? "local";
}

/**
 * A token bucket per client for one route group.
 * @example app.use("/api/quick-check", rateLimit("recompute", { perSecond: 50, burst: 100 }))
 */
export function rateLimit(group: string, rate: Rate): MiddlewareHandler {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return async (c, next) => {
    const who = clientOf(c);
    const now = performance.now();
    const b = buckets.get(who) ?? { tokens: rate.burst, at: now };
    b.tokens = Math.min(rate.burst, b.tokens + ((now - b.at) / 1000) * rate.perSecond);
    b.at = now;
    buckets.set(who, b);
    if (buckets.size > 10_000) for (const [k, v] of buckets) if (now - v.at > 60_000) buckets.delete(k);
    if (b.tokens < 1) {
      const wait = Math.max(1, Math.ceil((1 - b.tokens) / rate.perSecond));
      return c.json(
        {
          error:
            `too many ${group} requests: at most ${rate.perSecond} a second (${rate.burst} at once); try again ` +
            `in ${wait} s`,
        },
        429,
        { "Retry-After": String(wait) },
      );
    }
    b.tokens -= 1;
    await next();
  };
}
