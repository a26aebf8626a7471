/**
 * MRIO use cases: import a pymrio folder or a data package with regions, accounts (footprints and the trade they
 * embody, as pymrio defines them) before or after aggregation, interregional multipliers, and trade shocks. The CLI
 * reaches MRIO files and the engine's MRIO functions only through here.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { MrioAccounts, MrioGrossTrade, MrioModel, InterregionalMultipliers } from "../engine/index.ts";
import { IoplanError, aggregateMrio, interregionalMultipliers, mrioAccounts, mrioGrossTrade } from "../engine/index.ts";
import { parseCsv } from "../formats/csv.ts";
import { isMrioPackage, readMrio } from "../formats/mrioPackage.ts";
import { writeMrio } from "../formats/mrioPackageWrite.ts";
import { readPymrioMrio } from "../formats/pymrioMrio.ts";

/** An MRIO source that is neither a pymrio folder nor a package with regions, or a concordance file that is wrong. */
export class MrioInputError extends IoplanError {
  constructor(message: string) {
    super("bad-mrio-input", message);
  }
}

/** Which kind of MRIO source a path is. */
export function mrioSourceKind(path: string): "pymrio" | "package" {
  if (!existsSync(path) || !statSync(path).isDirectory())
    throw new MrioInputError(
      `${path} is not a folder; an MRIO is a pymrio save_all() folder or a data package with regions`,
    );
  if (existsSync(join(path, "file_parameters.json"))) return "pymrio";
  if (isMrioPackage(path)) return "package";
  if (existsSync(join(path, "datapackage.json")))
    throw new MrioInputError(
      `${path} is a data package without regions (its sectors.csv has no region column); use ioplan model ` +
        `commands for it`,
    );
  throw new MrioInputError(
    `${path} has neither file_parameters.json (pymrio) nor datapackage.json (data package with regions)`,
  );
}

/** Reads an MRIO from a pymrio folder or a data package with regions. */
export function loadMrioModel(path: string, o: { baseYear?: number; unit?: string } = {}): MrioModel {
  return mrioSourceKind(path) === "pymrio" ? readPymrioMrio(path, o) : readMrio(path);
}

/** What an import wrote. */
export interface MrioImportSummary {
  source: string;
  kind: "pymrio" | "package";
  out: string;
  name: string;
  regions: string[];
  sectors: number;
  categories: string[];
  stressors: { code: string; unit: string; withFinalDemand: boolean }[];
  notes: string[];
}

/** Reads an MRIO and writes it as a data package with regions (atomically). */
export function importMrio(
  source: string,
  out: string,
  o: { baseYear?: number; unit?: string } = {},
): MrioImportSummary {
  const kind = mrioSourceKind(source);
  const m = loadMrioModel(source, o);
  writeMrio(m, out);
  return {
    source,
    kind,
    out,
    name: m.name,
    regions: m.regions,
    sectors: m.sectors.length,
    categories: m.finalDemandCategories,
    stressors: m.stressors.map((s) => ({ code: s.code, unit: s.unit, withFinalDemand: s.FY.some((v) => v !== 0) })),
    notes: m.notes,
  };
}

/**
 * Reads a concordance CSV (`code,group`) for the model's regions or sectors.
 * @throws MrioInputError naming the file, line and code: a bad header, a code given twice, codes the model does not
 *   have, and the model's codes the file leaves unmapped.
 */
export function readConcordance(file: string, valid: string[], what: "region" | "sector"): Record<string, string> {
  if (!existsSync(file) || !statSync(file).isFile())
    throw new MrioInputError(`${what} concordance ${file} does not exist or is not a file`);
  const recs = parseCsv(readFileSync(file, "utf8"), file);
  const header = recs[0]?.fields.map((f) => f.trim()) ?? [];
  if (header.join(",") !== "code,group")
    throw new MrioInputError(`${file}:1: header is "${header.join(",")}"; a concordance has the columns "code,group"`);
  const map: Record<string, string> = {};
  const line: Record<string, number> = {};
  const unknown: string[] = [];
  for (const r of recs.slice(1)) {
    const [code, group] = [r.fields[0]?.trim() ?? "", r.fields[1]?.trim() ?? ""];
    if (code === "" || group === "")
      throw new MrioInputError(`${file}:${r.line}: empty code or group; each line maps a ${what} code to its group`);
    if (line[code])
      throw new MrioInputError(`${file}:${r.line}: ${what} ${code} is mapped twice (first on line ${line[code]})`);
    if (!valid.includes(code)) unknown.push(`${code} (line ${r.line})`);
    map[code] = group;
    line[code] = r.line;
  }
  if (unknown.length)
    throw new MrioInputError(
      `${file}: ${unknown.length === 1 ? `${what} ${unknown[0]} is` : `${what}s ${unknown.join(", ")} are`} ` +
        `not in the model (${what}s: ${valid.join(", ")})`,
    );
  const unmapped = valid.filter((c) => !(c in map));
  if (unmapped.length)
    throw new MrioInputError(
      `${file}: does not map the ${what}${unmapped.length > 1 ? "s" : ""} ${unmapped.join(", ")}; every ` +
        `${what} of the model needs a group`,
    );
  return map;
}

/** Options of the accounts use case. */
export interface MrioAccountsOptions {
  stressor?: string;
  regionsMap?: string;
  sectorsMap?: string;
}

/** Accounts of the model (after aggregation when concordances are given), restricted to one stressor if asked. */
export interface MrioAccountsReport {
  model: string;
  aggregated: { regions?: string; sectors?: string };
  accounts: MrioAccounts;
}

/** The stressor a code names: exactly, or as the part after an extension prefix (`emissions:co2/air` ← `co2/air`). */
function pickStressor(m: MrioModel, code: string): MrioModel {
  const exact = m.stressors.filter((s) => s.code === code);
  const bySuffix = m.stressors.filter((s) => s.code.slice(s.code.indexOf(":") + 1) === code);
  const hit = exact.length ? exact : bySuffix;
  if (hit.length !== 1) {
    throw new MrioInputError(
      `--stressor ${code} ` +
        `${hit.length ? `is ambiguous (${hit.map((s) => s.code).join(", ")})` : "is not in the model"}; ` +
        `stressors: ${m.stressors.map((s) => s.code).join(", ") || "none"}`,
    );
  }
  return { ...m, stressors: hit };
}

/** Footprint accounts (pymrio's D_cba, D_pba, D_imp, D_exp) of an MRIO, after the concordances if given. */
export function mrioAccountsReport(path: string, o: MrioAccountsOptions = {}): MrioAccountsReport {
  let m = loadMrioModel(path);
  if (!m.stressors.length)
    throw new MrioInputError(
      `${path}: the model has no stressors (satellite accounts), so it has no footprints to account for`,
    );
  if (o.stressor !== undefined) m = pickStressor(m, o.stressor);
  if (o.regionsMap || o.sectorsMap) {
    const regions = o.regionsMap ? readConcordance(o.regionsMap, m.regions, "region") : undefined;
    const sectors = o.sectorsMap
      ? readConcordance(
          o.sectorsMap,
          m.sectors.map((s) => s.code),
          "sector",
        )
      : undefined;
    m = aggregateMrio(m, { regions, sectors });
  }
  return { model: m.name, aggregated: { regions: o.regionsMap, sectors: o.sectorsMap }, accounts: mrioAccounts(m) };
}

/** Interregional multipliers (intra-regional, feedback, spillover) of an MRIO. */
export function mrioMultipliersReport(path: string): {
  model: string;
  unit: string;
  multipliers: InterregionalMultipliers;
  sectorNames: string[];
  regionNames: string[];
} {
  const m = loadMrioModel(path);
  return {
    model: m.name,
    unit: m.unit,
    multipliers: interregionalMultipliers(m),
    sectorNames: m.sectors.map((s) => s.name),
    regionNames: m.regionNames,
  };
}

/** Gross bilateral trade of an MRIO (pymrio's `calc_gross_trade`), in the model's money unit. */
export function mrioTradeReport(path: string): {
  model: string;
  unit: string;
  regions: string[];
  sectors: string[];
  trade: MrioGrossTrade;
} {
  const m = loadMrioModel(path);
  return {
    model: m.name,
    unit: m.unit,
    regions: m.regions,
    sectors: m.sectors.map((x) => x.code),
    trade: mrioGrossTrade(m),
  };
}
