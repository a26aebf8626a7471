/**
 * The worked example's observations beyond indicators.csv: the trade figures logged in events.csv, turned
 * into observations with their sources, and the sector growth rates the Bank of Korea's published figures
 * imply where a sector's own rate is missing, each labelled as derived by ioplan with its formula.
 */
import { readFileSync } from "node:fs";
import type { EconomyModel } from "../../engine/index.ts";
import { csvRecords } from "../../formats/csv.ts";

export const GENERIC_HEADER = "indicator,period,value,unit,kind,source_name,source_url,published,status,note";

const csvCell = (v: string | number | null) => {
  const s = v === null ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const records = (file: string) => csvRecords(file, readFileSync(file, "utf8"));

/** events.csv trade rows → indicator, by what the unit says was measured. */
function tradeIndicator(unit: string): string | undefined {
  if (/annual China-DPRK trade, KOTRA/.test(unit)) return "china_dprk_trade_kotra";
  if (/annual China-DPRK trade|monthly/.test(unit)) return "china_dprk_trade";
  if (/DPRK imports from China/.test(unit)) return "dprk_imports_from_china";
  if (/DPRK exports to China/.test(unit)) return "dprk_exports_to_china";
  if (/metric tons/.test(unit)) return "china_coal_imports_from_dprk";
  return undefined;
}

/** Figures for an earlier year that a trade event's quote states besides its own. */
const QUOTED = [
  {
    event: "TRD-2016-02",
    indicator: "dprk_imports_from_china",
    period: "2015",
    value: 3230,
    words: "from $3.23 billion in 2015",
  },
  {
    event: "TRD-2016-03",
    indicator: "dprk_exports_to_china",
    period: "2015",
    value: 2480,
    words: "up from $2.48 billion",
  },
];

/**
 * The trade rows of events.csv as observations (generic layout): USD figures in million USD, coal in million
 * tonnes; period the year (or month) of the event; source, URL and quote kept. KOTRA's series is kept as its
 * own indicator: it is compiled differently from China's customs figures and would otherwise pass for a
 * revision of them.
 */
export function tradeObservationsCsv(eventsFile: string): string {
  const lines = [GENERIC_HEADER];
  // annual China's-customs figures by indicator and year, for the imports derived below
  const annual = new Map<string, { value: number; id: string; source: string }>();
  for (const r of records(eventsFile)) {
    if (r.kind !== "trade") continue;
    const indicator = tradeIndicator(r.unit);
    if (!indicator)
      throw new Error(`${eventsFile}: trade event ${r.event_id} has a unit ("${r.unit}") the example does not know`);
    const usd = /^USD/.test(r.unit);
    const value = usd ? Number(r.quantity) / 1e6 : Number(r.quantity) / 1e6;
    const unit = usd ? "million USD" : "million tonnes";
    const period = r.start_date === r.end_date || !r.end_date ? r.start_date : `${r.start_date}-${r.end_date}`;
    const note = `${r.event_id} in events.csv: ${r.title}; ${r.quantity} ${r.unit}. Quote: ${r.quote}`;
    lines.push(
      [indicator, period, value, unit, "estimate", r.source_name, r.source_url, "", "estimated", note]
        .map(csvCell)
        .join(","),
    );
    if (/^\d{4}$/.test(period)) annual.set(`${indicator} ${period}`, { value, id: r.event_id, source: r.source_name });
    // earlier-year figures the same source states in its quote (checked against the quote's words)
    for (const q of QUOTED.filter((x) => x.event === r.event_id)) {
      if (!r.quote.includes(q.words))
        throw new Error(`${eventsFile}: the quote of ${r.event_id} no longer says "${q.words}"`);
      lines.push(
        [
          q.indicator,
          q.period,
          q.value,
          "million USD",
          "estimate",
          r.source_name,
          r.source_url,
          "",
          "estimated",
          `stated in the quote of ${r.event_id} in events.csv: "…${q.words}…". Quote: ${r.quote}`,
        ]
          .map(csvCell)
          .join(","),
      );
      annual.set(`${q.indicator} ${q.period}`, { value: q.value, id: r.event_id, source: r.source_name });
    }
  }
  // imports from China where only total trade and exports are given for a year: their difference, labelled
  for (const [key, t] of annual) {
    const [indicator, year] = key.split(" ");
    if (indicator !== "china_dprk_trade" || annual.has(`dprk_imports_from_china ${year}`)) continue;
    const x = annual.get(`dprk_exports_to_china ${year}`);
    if (!x) continue;
    const value = Math.round((t.value - x.value) * 1000) / 1000;
    lines.push(
      [
        "dprk_imports_from_china",
        year,
        value,
        "million USD",
        "estimate",
        "ioplan derivation from China's customs figures (examples/dprk)",
        "",
        "",
        "estimated",
        `derived: imports = China–DPRK trade − DPRK exports to China = ${t.value} − ${x.value} million USD ` +
          `(${t.id}, ${t.source}; ${x.id}, ${x.source})`,
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return lines.join("\n") + "\n";
}

/** The Bank of Korea's words for a fall "centred on heavy and chemical industry" (the 2018 manufacturing row). */
const HEAVY_LED = "중화학공업을 중심으로";

interface Rate {
  value: number;
  cite: string;
}

/** The growth series of the model's sectors (light and heavy industry apart), by key. */
const GROWTH_SERIES: Record<string, string> = {
  AGR: "real_growth_agriculture_forestry_fishing",
  MIN: "real_growth_mining",
  L: "real_growth_light_industry",
  H: "real_growth_heavy_chemical_industry",
  EGW: "real_growth_electricity_gas_water",
  CON: "real_growth_construction",
  SRV: "real_growth_services",
};
const DERIVED_SOURCE = "ioplan derivation from published growth rates (examples/dprk)";

/** What a derivation reads and writes: the published rates, the rows it adds, the chained real value added. */
interface Derivation {
  indicatorsFile: string;
  rows: ReturnType<typeof records>;
  get: (indicator: string, year: number) => Rate | undefined;
  add: (indicator: string, year: number, value: number, note: string) => void;
  /** Real value added of the year before, by series key (the weights). */
  level: Record<string, number>;
}

/** The model's base-year value added by series key: heavy industry is metals, chemicals and machinery. */
function baseLevels(m: EconomyModel): Record<string, number> {
  const va = m.valueAdded.data.subarray(
    m.valueAddedRows.indexOf("VA") * m.valueAdded.cols,
    (m.valueAddedRows.indexOf("VA") + 1) * m.valueAdded.cols,
  );
  const code = (c: string) => m.sectors.findIndex((s) => s.code === c);
  return {
    AGR: va[code("AGR")],
    MIN: va[code("MIN")],
    L: va[code("LGT")],
    H: va[code("MET")] + va[code("CHE")] + va[code("MAC")],
    EGW: va[code("EGW")],
    CON: va[code("CON")],
    SRV: va[code("SRV")],
  };
}

/**
 * Neither light nor heavy industry published for `y`: when the manufacturing row says heavy and chemical industry
 * led the fall, split it as in the last earlier year with both rates published and manufacturing falling; else both
 * at its rate.
 */
function splitManufacturing(d: Derivation, y: number, gm: Rate, g: Record<string, Rate | undefined>): void {
  const { rows, get, add } = d;
  const series = GROWTH_SERIES;
  const source = DERIVED_SOURCE;
  const wL = d.level.L;
  const wH = d.level.H;
  const note =
    rows.find((x) => x.indicator === "real_growth_manufacturing" && x.year === String(y) && x.kind === "estimate")
      ?.note ?? "";
  const led = note.includes(HEAVY_LED);
  let pattern: { year: number; h: Rate; m: Rate } | undefined;
  for (let z = y - 1; led && z >= y - 10 && !pattern; z--) {
    const h = get(series.H, z);
    const m = get("real_growth_manufacturing", z);
    if (h && m && m.value < 0 && h.value < m.value) pattern = { year: z, h, m };
  }
  if (pattern) {
    const vH = gm.value * (pattern.h.value / pattern.m.value);
    const vL = (gm.value * (wL + wH) - wH * vH) / wL;
    g.H = { value: vH, cite: source };
    g.L = { value: vL, cite: source };
    const why =
      `assumption: neither light nor heavy-and-chemical industry growth is published for ${y}; the ` +
      `manufacturing row says the fall was led by heavy and chemical industry ("${HEAVY_LED}", ` +
      `${gm.cite}), so it is split as in ${pattern.year}, the last earlier year with both rates ` +
      `published and a fall led the same way (${pattern.h.cite}; ${pattern.m.cite}): g_H = g_M × ` +
      `${pattern.h.value} ÷ ${pattern.m.value}`;
    add(series.H, y, vH, why);
    add(
      series.L,
      y,
      vL,
      `${why}; then g_L = (g_M·(w_L + w_H) − w_H·g_H) / w_L, weights w_L = ${wL.toFixed(3)}, w_H = ` +
        `${wH.toFixed(3)}`,
    );
  } else {
    g.L = { value: gm.value, cite: source };
    g.H = { value: gm.value, cite: source };
    for (const k of ["L", "H"])
      add(
        series[k],
        y,
        gm.value,
        `assumption: neither light nor heavy-and-chemical industry growth is published for ${y}; both ` +
          `taken at the manufacturing rate (${gm.cite})`,
      );
  }
}

/** Light or heavy industry for `y` where one of them, or neither, is published (from manufacturing's rate). */
function deriveManufacturing(d: Derivation, y: number, g: Record<string, Rate | undefined>): void {
  const { indicatorsFile, get, add } = d;
  const series = GROWTH_SERIES;
  const source = DERIVED_SOURCE;
  const wL = d.level.L;
  const wH = d.level.H;
  const gm = get("real_growth_manufacturing", y);
  if (!gm)
    throw new Error(`${indicatorsFile}: no manufacturing growth for ${y}; light and heavy industry cannot be derived`);
  if (!g.L && g.H) {
    const v = (gm.value * (wL + wH) - wH * g.H.value) / wL;
    g.L = { value: v, cite: source };
    add(
      series.L,
      y,
      v,
      `derived: g_L = (g_M·(w_L + w_H) − w_H·g_H) / w_L with ${gm.cite}; ${g.H.cite}; weights w_L = ` +
        `${wL.toFixed(3)}, w_H = ${wH.toFixed(3)} (real value added of ${y - 1}, KRW trillion at 2015 ` +
        `prices, from the model)`,
    );
  } else if (g.L && !g.H) {
    const v = (gm.value * (wL + wH) - wL * g.L.value) / wH;
    g.H = { value: v, cite: source };
    add(
      series.H,
      y,
      v,
      `derived: g_H = (g_M·(w_L + w_H) − w_L·g_L) / w_H with ${gm.cite}; ${g.L.cite}; weights w_L = ` +
        `${wL.toFixed(3)}, w_H = ${wH.toFixed(3)}`,
    );
  } else splitManufacturing(d, y, gm, g);
}

/** Services for `y` from GDP and the other sectors' rates, weighted by last year's real value added. */
function deriveServices(d: Derivation, y: number, g: Record<string, Rate | undefined>): void {
  const { indicatorsFile, get, add, level } = d;
  const series = GROWTH_SERIES;
  const source = DERIVED_SOURCE;
  const gdp = get("real_gdp_growth", y);
  const known = ["AGR", "MIN", "L", "H", "EGW", "CON"];
  if (!gdp || known.some((k) => !g[k]))
    throw new Error(
      `${indicatorsFile}: services growth ${y} cannot be derived (GDP or another sector's rate is missing)`,
    );
  const W = Object.values(level).reduce((a, b) => a + b, 0);
  const v = (gdp.value * W - known.reduce((a, k) => a + level[k] * g[k]!.value, 0)) / level.SRV;
  g.SRV = { value: v, cite: source };
  add(
    series.SRV,
    y,
    v,
    `derived: g_S = (g_GDP·W − Σ w_k·g_k) / w_S with ${gdp.cite} and the other sectors' ${y} rates; ` +
      `weights: real value added of ${y - 1} from the model (W = ${W.toFixed(3)}, w_S = ` +
      `${level.SRV.toFixed(3)})`,
  );
}

/**
 * Sector growth rates the Bank of Korea's figures imply where the sector's own rate is not in
 * indicators.csv, for the years `from`–`to`:
 * - light industry from manufacturing and heavy-and-chemical industry (g_L = (g_M·(w_L + w_H) − w_H·g_H) / w_L);
 * - both at the manufacturing rate when neither is published (assumption, labelled);
 * - services from GDP and the other sectors (g_S = (g_GDP·W − Σ w_k g_k) / w_S);
 * with weights w the sectors' real value added of the year before (the model's base-year value added, chained
 * with the rates). Returns the rows (generic layout) and, per sector and year, the rate used.
 */
export function derivedGrowthCsv(indicatorsFile: string, m: EconomyModel, from: number, to: number): string {
  const rows = records(indicatorsFile);
  const get = (indicator: string, year: number): Rate | undefined => {
    const r = rows.find((x) => x.indicator === indicator && x.year === String(year) && x.kind === "estimate");
    return r ? { value: Number(r.value), cite: `${indicator} ${year} = ${r.value} (${r.source_name})` } : undefined;
  };
  const level = baseLevels(m);
  const out = [GENERIC_HEADER];
  const add = (indicator: string, year: number, value: number, note: string) =>
    out.push(
      [indicator, year, Number(value.toFixed(4)), "percent", "estimate", DERIVED_SOURCE, "", "", "estimated", note]
        .map(csvCell)
        .join(","),
    ); // 4 decimals: the inputs have 1
  const d: Derivation = { indicatorsFile, rows, get, add, level };
  for (let y = from; y <= to; y++) {
    const g: Record<string, Rate | undefined> = Object.fromEntries(
      Object.entries(GROWTH_SERIES).map(([k, ind]) => [k, get(ind, y)]),
    );
    if (!g.L || !g.H) deriveManufacturing(d, y, g);
    if (!g.SRV) deriveServices(d, y, g);
    for (const k of Object.keys(level)) {
      const r = g[k];
      if (!r) throw new Error(`${indicatorsFile}: no ${GROWTH_SERIES[k]} for ${y}`);
      level[k] *= 1 + r.value / 100;
    }
  }
  return out.join("\n") + "\n";
}

/**
 * Physical outputs for the years the period's trends need (2016, 2020) where Statistics Korea's figure for the next
 * year states its change on the year before: the earlier level implied by that change, checked against the quote's
 * words. Each row is labelled "ioplan derivation" with its formula.
 */
const IMPLIED = [
  { indicator: "coal_production", from: 2017, words: "전년보다 940만t 감소", change: { mt: -9.4 } },
  { indicator: "coal_production", from: 2021, words: "전년대비 17.9% 감소", change: { pct: -17.9 } },
  { indicator: "iron_ore_production", from: 2017, words: "49만 2천t 늘어", change: { mt: 0.492 } },
  { indicator: "iron_ore_production", from: 2021, words: "전년 대비 2.6% 증가", change: { pct: 2.6 } },
  { indicator: "crude_steel_production", from: 2017, words: "12만 8천t 감소", change: { mt: -0.128 } },
  { indicator: "fishery_production", from: 2017, words: "12만5천t 줄어든", change: { mt: -0.125 } },
  { indicator: "food_crop_production", from: 2021, words: "전년 대비 6.7% 증가", change: { pct: 6.7 } },
] as const;

export function impliedPhysicalRows(indicatorsFile: string): string[] {
  const rows = records(indicatorsFile);
  const source = "ioplan derivation from Statistics Korea's stated change on the year before (examples/dprk)";
  return IMPLIED.map((d) => {
    const r = rows.find((x) => x.indicator === d.indicator && x.year === String(d.from) && x.kind === "estimate");
    if (!r)
      throw new Error(`${indicatorsFile}: no ${d.indicator} ${d.from}; the implied ${d.from - 1} figure needs it`);
    if (!r.note.includes(d.words))
      throw new Error(`${indicatorsFile}: the note of ${d.indicator} ${d.from} no longer says "${d.words}"`);
    const v = Number(r.value);
    const prev = "mt" in d.change ? v - d.change.mt : v / (1 + d.change.pct / 100);
    const formula =
      "mt" in d.change
        ? `${v} ${d.change.mt < 0 ? "+" : "−"} ${Math.abs(d.change.mt)}`
        : `${v} ÷ (1 ${d.change.pct < 0 ? "−" : "+"} ${Math.abs(d.change.pct) / 100})`;
    const note =
      `derived: ${d.from - 1} = ${formula} million tonnes, the ${d.from} figure (${r.source_name}) and its ` +
      `stated change on the year before ("${d.words}")`;
    return [d.indicator, d.from - 1, Number(prev.toFixed(3)), r.unit, "estimate", source, "", "", "estimated", note]
      .map(csvCell)
      .join(",");
  });
}

/**
 * derived.csv: the derived growth rates, then the implied physical outputs (see {@link derivedGrowthCsv}, {@link
 * impliedPhysicalRows}).
 */
export function derivedObservationsCsv(indicatorsFile: string, m: EconomyModel, from: number, to: number): string {
  return derivedGrowthCsv(indicatorsFile, m, from, to) + impliedPhysicalRows(indicatorsFile).join("\n") + "\n";
}
