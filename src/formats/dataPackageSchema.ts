import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { IssueList } from "./modelIssues.ts";

/** The data package descriptor (`datapackage.json`): its schema, resources by name, and its reader. */
export const MODEL_FORMAT_VERSION = 1;

const fieldSchema = z.object({
  name: z.string().min(1),
  type: z.string().optional(),
  title: z.string().optional(),
  unit: z.string().optional(),
  description: z.string().optional(),
});

const resourceSchema = z.object({
  name: z.string().min(1),
  path: z
    .string()
    .min(1)
    .refine(
      (p) => !p.includes("..") && !p.startsWith("/"),
      "a resource path must stay inside the package (no '..', not absolute)",
    ),
  format: z.string().optional(),
  mediatype: z.string().optional(),
  schema: z.object({
    fields: z.array(fieldSchema).min(1),
    primaryKey: z.union([z.string(), z.array(z.string())]).optional(),
  }),
});

/** zod schema of `datapackage.json` as ioplan writes and reads it. */
export const dataPackageSchema = z.object({
  profile: z.literal("tabular-data-package").optional(),
  name: z.string().regex(/^[a-z0-9._-]+$/, "lower-case letters, digits, '.', '_' and '-' only"),
  title: z.string().optional(),
  description: z.string().optional(),
  licenses: z
    .array(z.object({ name: z.string(), title: z.string().optional(), path: z.string().optional() }))
    .optional(),
  sources: z
    .array(z.object({ title: z.string(), path: z.string().optional(), licence: z.string().optional() }))
    .optional(),
  ioplan: z.object({
    formatVersion: z.literal(MODEL_FORMAT_VERSION),
    baseYear: z.number().int().min(1800).max(2200),
    unit: z.string().min(1),
    currency: z.string().optional(),
    priceBasis: z.string().optional(),
    allowNegativeCoefficients: z.boolean().default(false),
    attribution: z.string().optional(),
    notes: z.array(z.string()).default([]),
  }),
  resources: z.array(resourceSchema).min(2),
});

export type DataPackage = z.infer<typeof dataPackageSchema>;

export const RESOURCE = {
  sectors: "sectors",
  coefficients: "coefficients",
  flows: "flows",
  finalDemand: "final_demand",
  valueAdded: "value_added",
  satellites: "satellites",
  capacities: "capacities",
  capital: "capital_coefficients",
  stocks: "capital_stocks",
  imports: "import_coefficients",
} as const;

/** Reads `datapackage.json` and checks it against the schema; problems go to `issues`. */
export function readDescriptor(dir: string, issues: IssueList): DataPackage | undefined {
  const file = join(dir, "datapackage.json");
  if (!existsSync(file)) {
    issues.error({
      file,
      message: "no datapackage.json: a model is a folder with datapackage.json and its CSV resources",
    });
    return undefined;
  }
  if (!statSync(file).isFile() || statSync(file).size > 16 * 1024 * 1024) {
    issues.error({ file, message: "not a regular file of at most 16 MiB (a descriptor is a small JSON file)" });
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  } catch (e) {
    issues.error({ file, message: `not valid JSON: ${(e as Error).message}` });
    return undefined;
  }
  const r = dataPackageSchema.safeParse(json);
  if (!r.success) {
    for (const i of r.error.issues) issues.error({ file, column: i.path.join("."), message: i.message });
    return undefined;
  }
  return r.data;
}
