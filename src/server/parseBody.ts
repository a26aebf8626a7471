import type { Context } from "hono";
import type { z } from "zod";
import { HttpError } from "./httpError.ts";

/** The request body parsed as JSON and checked against `schema`: 400 naming what does not fit. */
export async function parseBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let raw: unknown = {};
  const text = await c.req.text();
  if (text.trim()) {
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new HttpError(400, `the request body is not JSON: ${(e as Error).message}`);
    }
  }
  const r = schema.safeParse(raw, { reportInput: true });
  if (!r.success)
    throw new HttpError(
      400,
      "the request body does not fit",
      r.error.issues.map((i) => ({ path: i.path.join(".") || "(body)", message: i.message })),
    );
  return r.data;
}
