/**
 * The worked example's two-economy view: the DPRK model (src/app/dprk/model.ts) beside China's national table, joined
 * by their recorded bilateral trade into a two-region MRIO (regions DPRK, CHN; the DPRK model's nine sectors in both),
 * so that a trade shock reaches both sides' sectors. Every figure is read from its file, and its line is cited in the
 * model's notes; every allocation rule is stated there.
 */
import { readFileSync } from "node:fs";
import type { DenseMatrix, EconomyModel, MrioModel } from "../../engine/index.ts";
import {
  aggregateFlows,
  aggregateRows,
  aggregateVector,
  concordanceFromCodes,
  denseMatrix,
  forEachEntry,
  formatNumber,
  IoplanError,
} from "../../engine/index.ts";
import { parseCsv } from "../../formats/csv.ts";
import { readWiodNiot } from "../../formats/wiod.ts";
import { dprkModel } from "./model.ts";
import { DPRK_SECTORS, WIOD_TO_DPRK } from "./sectors.ts";

/** China's table: WIOD 2016 release, national table of China, its last year. */
export const CHINA_YEAR = 2014;
const CHINA_FILE = "CHN_NIOT_nov16.xlsx";

/** A figure read from a CSV row, with where it came from (file:line and the row's id and source). */
export interface SourcedValue {
  value: number;
  cite: string;
}

/** A figure the two-economy view needs is missing from its file: names the file and the row. */
export class MissingFigureError extends IoplanError {
  constructor(message: string) {
    super("missing-figure", message);
  }
}

/** Rows of a CSV file with their line numbers, looked up by a column's value. */
export function sourcedRows(
  file: string,
): (
  column: string,
  value: string,
  also?: (r: Record<string, string>) => boolean,
) => { row: Record<string, string>; line: number } {
  const recs = parseCsv(readFileSync(file, "utf8"), file);
  const header = recs[0]?.fields ?? [];
  const rows = recs
    .slice(1)
    .map((r) => ({ row: Object.fromEntries(header.map((h, i) => [h, r.fields[i] ?? ""])), line: r.line }));
  const short = file.split("/").slice(-2).join("/");
  return (column, value, also) => {
    const hit = rows.find((r) => r.row[column] === value && (also ? also(r.row) : true));
    if (!hit) throw new MissingFigureError(`${file}: no row with ${column} = ${value}; the two-economy view needs it`);
    return { ...hit, line: hit.line, row: { ...hit.row, __where: `${short}:${hit.line}` } };
  };
}

/** An event's quantity (events.csv) with its citation. */
function eventFigure(find: ReturnType<typeof sourcedRows>, id: string): SourcedValue {
  const { row } = find("event_id", id);
  const v = Number(row.quantity);
  if (row.quantity === "" || !Number.isFinite(v))
    throw new MissingFigureError(`${row.__where}: event ${id} has no quantity`);
  return {
    value: v,
    cite: `${row.__where} ${id} "${row.title}" = ${formatNumber(v)} ${row.unit} (${row.source_name})`,
  };
}

/** The figures the view is built from, each with its file and line. */
export interface ChinaFigures {
  exportsToChina: SourcedValue;
  importsFromChina: SourcedValue;
  chinaShareOfTrade: SourcedValue;
  gdpUsd: SourcedValue;
  gni: SourcedValue;
  exports2018: SourcedValue;
  exports2020: SourcedValue;
  imports2020: SourcedValue;
}

/** Reads the view's figures from indicators.csv and events.csv. */
export function chinaFigures(dprkDir: string): ChinaFigures {
  const ev = sourcedRows(`${dprkDir}/events.csv`);
  const ind = sourcedRows(`${dprkDir}/indicators.csv`);
  const indicator = (name: string, year: number): SourcedValue => {
    const { row } = ind("indicator", name, (r) => r.year === String(year) && r.kind !== "target");
    return {
      value: Number(row.value),
      cite: `${row.__where} ${name} ${year} = ${row.value} ${row.unit} (${row.source_name})`,
    };
  };
  const share = ev("event_id", "TRD-2016-01").row;
  const pct = /about ([\d.]+)% of DPRK total trade/.exec(share.what);
  if (!pct)
    throw new MissingFigureError(
      `${share.__where}: TRD-2016-01 no longer says "about …% of DPRK total trade"; the view takes China's ` +
        `share of DPRK imports from it`,
    );
  return {
    exportsToChina: eventFigure(ev, "TRD-2016-03"),
    importsFromChina: eventFigure(ev, "TRD-2016-02"),
    chinaShareOfTrade: {
      value: Number(pct[1]) / 100,
      cite:
        `${share.__where} TRD-2016-01: China "about ${pct[1]}% of DPRK total trade" (${share.source_name}; the ` +
        `file marks it uncertain)`,
    },
    gdpUsd: indicator("gdp_official_dprk", 2015),
    gni: indicator("nominal_gni", 2015),
    exports2018: eventFigure(ev, "TRD-2018-02"),
    exports2020: eventFigure(ev, "TRD-2020-03"),
    imports2020: eventFigure(ev, "TRD-2020-02"),
  };
}

interface ChinaTable {
  Z: DenseMatrix;
  M: DenseMatrix;
  F: DenseMatrix;
  FM: DenseMatrix;
  x: Float64Array;
  va: Float64Array;
  categories: string[];
}

/** China's 2014 table aggregated to the DPRK model's sectors (the same concordance as the DPRK model's donor). */
async function chinaTable(wiodDir: string): Promise<ChinaTable> {
  const t = await readWiodNiot(`${wiodDir}/${CHINA_FILE}`, CHINA_YEAR);
  const groups = DPRK_SECTORS.map((s) => s.code);
  const conc = concordanceFromCodes(
    t.industries,
    Object.fromEntries(t.industries.map((c) => [c, WIOD_TO_DPRK[c] ?? "SRV"])),
    groups,
  );
  const vaRow = t.primaryRows.indexOf("VA");
  const nd = t.industries.length;
  return {
    Z: aggregateFlows(t.domestic, conc),
    M: aggregateFlows(t.imported, conc),
    F: aggregateRows(t.finalDomestic, conc),
    FM: aggregateRows(t.finalImported, conc),
    x: aggregateVector(t.output, conc),
    va: aggregateVector(t.primary.data.subarray(vaRow * nd, (vaRow + 1) * nd), conc),
    categories: t.finalDemandCategories,
  };
}

/** The DPRK model in USD million: flows, imported inputs, final demand and value added. */
function dprkInUsd(m: EconomyModel, usdPerUnit: number) {
  const S = m.sectors.length;
  const x = Float64Array.from(m.x, (v) => v * usdPerUnit);
  const Z = denseMatrix(S, S);
  forEachEntry(m.A, (i, j, a) => (Z.data[i * S + j] += a * x[j]));
  const M = denseMatrix(S, S);
  if (m.importCoefficients) forEachEntry(m.importCoefficients, (i, j, a) => (M.data[i * S + j] += a * x[j]));
  const F = denseMatrix(
    S,
    m.finalDemandCategories.length,
    Float64Array.from(m.finalDemand.data, (v) => v * usdPerUnit),
  );
  const vaRow = m.valueAddedRows.indexOf("VA");
  const va = Float64Array.from({ length: S }, (_, j) => m.valueAdded.data[vaRow * S + j] * usdPerUnit);
  return { x, Z, M, F, va };
}

/**
 * Builds the two-region MRIO (DPRK, CHN) in USD million. Blocking reads of two WIOD years and the DPRK files.
 * @throws MissingFigureError naming the file and row of a figure that is not there.
 */
export async function dprkChinaModel(o: {
  wiodDir: string;
  dprkDir: string;
}): Promise<{ model: MrioModel; figures: ChinaFigures }> {
  const fig = chinaFigures(o.dprkDir);
  const dprk = await dprkModel(o);
  const chn = await chinaTable(o.wiodDir);
  const S = DPRK_SECTORS.length;
  const cats = chn.categories;
  const K = cats.length;
  const EXP = cats.indexOf("EXP");
  // USD per KRW: the ratio the DPRK model already uses for its exports (its own USD GDP over the BoK's GNI), so that
  // the model's exports are the USD 3 bn baseline again
  const usdPerUnit = (fig.gdpUsd.value * 1000) / fig.gni.value;
  const d = dprkInUsd(dprk, usdPerUnit);
  const notes: string[] = [];
  // DPRK → CHN: China takes the same share of every export product; Chinese users take it as they take their imports
  const expD = Float64Array.from({ length: S }, (_, i) => d.F.data[i * K + EXP]);
  const expTotal = expD.reduce((a, b) => a + b, 0);
  const toChina = Float64Array.from(expD, (e) => (e * fig.exportsToChina.value) / 1e6 / expTotal);
  const ZDC = denseMatrix(S, S);
  const YDC = denseMatrix(S, K);
  for (let i = 0; i < S; i++) {
    let use = 0;
    for (let j = 0; j < S; j++) use += chn.M.data[i * S + j];
    for (let k = 0; k < K; k++) use += chn.FM.data[i * K + k];
    if (toChina[i] > 0 && !(use > 0))
      throw new MissingFigureError(
        `China's ${CHINA_YEAR} table records no imports of ${DPRK_SECTORS[i].code}; DPRK exports of it ` +
          `cannot be allocated`,
      );
    for (let j = 0; j < S; j++) ZDC.data[i * S + j] = use > 0 ? (toChina[i] * chn.M.data[i * S + j]) / use : 0;
    for (let k = 0; k < K; k++) YDC.data[i * K + k] = use > 0 ? (toChina[i] * chn.FM.data[i * K + k]) / use : 0;
  }
  // CHN → DPRK: China supplies its share of trade of every imported input; the rest of the recorded imports are final
  // demand (households) for Chinese products in China's export mix
  const importsUsd = fig.importsFromChina.value / 1e6;
  const ZCD = denseMatrix(
    S,
    S,
    Float64Array.from(d.M.data, (v) => v * fig.chinaShareOfTrade.value),
  );
  const inputs = ZCD.data.reduce((a, b) => a + b, 0);
  const rest = importsUsd - inputs;
  if (rest < 0)
    throw new MissingFigureError(
      `imports from China (${formatNumber(importsUsd)} USD million) are less than China's share of the DPRK ` +
        `model's imported inputs (${formatNumber(inputs)}); the allocation rule does not apply`,
    );
  const chinaExp = Float64Array.from({ length: S }, (_, i) => Math.max(0, chn.F.data[i * K + EXP]));
  const chinaExpTotal = chinaExp.reduce((a, b) => a + b, 0);
  const YCD = Float64Array.from(chinaExp, (e) => (rest * e) / chinaExpTotal);
  const model = assemble({ d, chn, ZDC, YDC, ZCD, YCD, toChina, S, K, EXP, cats });
  notes.push(...chinaNotes({ fig, usdPerUnit, expTotal, toChina, inputs, rest, model }));
  model.notes = [...notes, ...dprk.notes.map((n) => `DPRK block: ${n}`)];
  return { model, figures: fig };
}

interface Parts {
  d: ReturnType<typeof dprkInUsd>;
  chn: ChinaTable;
  ZDC: DenseMatrix;
  YDC: DenseMatrix;
  ZCD: DenseMatrix;
  YCD: Float64Array;
  toChina: Float64Array;
  S: number;
  K: number;
  EXP: number;
  cats: string[];
}

/** The blocks put together: A, x, Y (exports to the rest of the world net of the bilateral trade), stressors. */
function assemble(p: Parts): MrioModel {
  const { d, chn, S, K, EXP } = p;
  const N = 2 * S;
  const x = new Float64Array(N);
  x.set(d.x, 0);
  x.set(chn.x, S);
  const A = denseMatrix(N, N);
  const put = (r0: number, c0: number, Z: DenseMatrix) => {
    for (let i = 0; i < S; i++)
      for (let j = 0; j < S; j++) A.data[(r0 + i) * N + c0 + j] = x[c0 + j] > 0 ? Z.data[i * S + j] / x[c0 + j] : 0;
  };
  put(0, 0, d.Z);
  put(0, S, p.ZDC);
  put(S, 0, p.ZCD);
  put(S, S, chn.Z);
  const Y = denseMatrix(N, 2 * K);
  for (let i = 0; i < S; i++) {
    for (let k = 0; k < K; k++) {
      Y.data[i * 2 * K + k] = k === EXP ? d.F.data[i * K + k] - p.toChina[i] : d.F.data[i * K + k];
      Y.data[i * 2 * K + K + k] = p.YDC.data[i * K + k];
      let toDprk = p.YCD[i];
      for (let j = 0; j < S; j++) toDprk += p.ZCD.data[i * S + j];
      Y.data[(S + i) * 2 * K + K + k] = k === EXP ? chn.F.data[i * K + k] - toDprk : chn.F.data[i * K + k];
      if (k === 0) Y.data[(S + i) * 2 * K] = p.YCD[i];
    }
  }
  const imports = new Float64Array(N);
  for (let i = 0; i < S; i++)
    for (let j = 0; j < S; j++) {
      imports[j] += d.M.data[i * S + j] - p.ZCD.data[i * S + j];
      imports[S + j] += chn.M.data[i * S + j] - p.ZDC.data[i * S + j];
    }
  const va = new Float64Array(N);
  va.set(d.va, 0);
  va.set(chn.va, S);
  const zeroY = () => new Float64Array(2 * K);
  return {
    name:
      `DPRK–China two-region model (DPRK 2015 non-survey model, China ${CHINA_YEAR} WIOD table, 2016 bilateral ` +
      `trade)`,
    regions: ["DPRK", "CHN"],
    regionNames: ["DPRK (North Korea)", "China"],
    sectors: DPRK_SECTORS.map((s) => ({ code: s.code, name: s.name })),
    A,
    x,
    Y,
    finalDemandCategories: p.cats,
    stressors: [
      { code: "VA", name: "Value added", unit: "USD million", F: va, FY: zeroY() },
      {
        code: "IMP_ROW",
        name: "Intermediate inputs imported from the rest of the world",
        unit: "USD million",
        F: imports,
        FY: zeroY(),
      },
    ],
    baseYear: 2015,
    unit: "USD million",
    sources: [],
    notes: [],
  };
}

function chinaNotes(o: {
  fig: ChinaFigures;
  usdPerUnit: number;
  expTotal: number;
  toChina: Float64Array;
  inputs: number;
  rest: number;
  model: MrioModel;
}): string[] {
  const { fig } = o;
  const codes = DPRK_SECTORS.map((s) => s.code);
  const exported = codes
    .map((c, i) => `${c} ${formatNumber(o.toChina[i])}`)
    .filter((_, i) => o.toChina[i] > 0.5)
    .join(", ");
  return [
    `Two regions: DPRK (the worked example's non-survey model, base year 2015) and CHN (WIOD 2016 release, ` +
      `national table of China for ${CHINA_YEAR}, the last year it has, aggregated to the same nine sectors). ` +
      `Unit: USD million, current prices of each table's year; the years differ (2015, ${CHINA_YEAR}, trade ` +
      `2016) and are not deflated.`,
    `DPRK figures in USD: KRW trillion × ${formatNumber(o.usdPerUnit)} (USD million per KRW trillion) = the ` +
      `DPRK's own USD GDP over the Bank of Korea's GNI [${fig.gdpUsd.cite}; ${fig.gni.cite}], the ratio the ` +
      `DPRK model uses for its exports; its exports are then ${formatNumber(o.expTotal)} USD million.`,
    `DPRK → China: ${formatNumber(fig.exportsToChina.value / 1e6)} USD million [${fig.exportsToChina.cite}]. ` +
      `Rule: China takes the same share (${((100 * fig.exportsToChina.value) / 1e6 / o.expTotal).toFixed(1)} %) ` +
      `of every DPRK export product (${exported}), and Chinese users take each product as they take their ` +
      `imports of it in China's ${CHINA_YEAR} table (industries and final demand in proportion).`,
    `China → DPRK: ${formatNumber(fig.importsFromChina.value / 1e6)} USD million ` +
      `[${fig.importsFromChina.cite}]. Rule: China supplies ${(100 * fig.chinaShareOfTrade.value).toFixed(1)} ` +
      `% of every imported input of the DPRK model [${fig.chinaShareOfTrade.cite}] (${formatNumber(o.inputs)} ` +
      `USD million); the remaining ${formatNumber(o.rest)} USD million are DPRK household purchases of Chinese ` +
      `products in the mix of China's exports. China's exports to the rest of the world are its table's ` +
      `exports less these.`,
    "Stressors: VA (value added, USD million) and IMP_ROW (intermediate inputs imported from outside the two " +
      "regions). The rest of the world is not a region: exports to it are final demand (EXP), imports from it " +
      "a leakage (IMP_ROW).",
  ];
}
