/**
 * The worked example's model of the DPRK economy: a non-survey table. Coefficients are borrowed from a real
 * table of a comparable economy (WIOD 2016 release, China 2000) aggregated to the Bank of Korea's breakdown,
 * scaled to the Bank of Korea's value-added shares and level, and balanced by RAS. Every choice is recorded
 * in the model's notes with its reason and source.
 */
import { readFileSync } from "node:fs";
import type { EconomyModel } from "../../engine/index.ts";
import {
  aggregateFlows,
  aggregateRows,
  aggregateVector,
  concordanceFromCodes,
  denseMatrix,
  ras,
  technicalCoefficients,
  formatNumber,
} from "../../engine/index.ts";
import { csvRecords } from "../../formats/csv.ts";
import { readWiodNiot } from "../../formats/wiod.ts";
import { WIOD_ATTRIBUTION } from "../wiodModel.ts";
import { DPRK_SECTORS, WIOD_TO_DPRK } from "./sectors.ts";

/** A donor table: the WIOD national table whose coefficients a model borrows. */
export interface Donor {
  country: string;
  name: string;
  year: number;
  file: string;
}

/** The central donor: China 2000 (see the model's first note for why). */
export const DONOR: Donor = { country: "CHN", name: "China", year: 2000, file: "CHN_NIOT_nov16.xlsx" };
const CENTRAL = DONOR;

/**
 * The alternative donors the example is also built on, with the same builder, so that every conclusion shows how
 * much rests on the choice: China's and Korea's tables at both ends of WIOD's years (a later China, and the
 * DPRK's southern neighbour when it was about as industrial as the North's plans aim, and as it is now).
 */
export const ALTERNATIVE_DONORS: Donor[] = [
  { country: "CHN", name: "China", year: 2014, file: "CHN_NIOT_nov16.xlsx" },
  { country: "KOR", name: "Korea", year: 2000, file: "KOR_NIOT_nov16.xlsx" },
  { country: "KOR", name: "Korea", year: 2014, file: "KOR_NIOT_nov16.xlsx" },
];
/** The model's base year: the year before the 2016–2020 strategy. */
export const BASE_YEAR = 2015;

interface Figure {
  value: number;
  cite: string;
}

/** One figure of indicators.csv, by indicator and year, with its citation; throws naming it when absent. */
function indicatorReader(file: string) {
  const rows = csvRecords(file, readFileSync(file, "utf8"));
  return (indicator: string, year: number): Figure => {
    const r = rows.find((x) => x.indicator === indicator && x.year === String(year) && x.kind !== "target");
    if (!r) throw new Error(`${file}: no figure for ${indicator} ${year}; the DPRK model needs it`);
    return { value: Number(r.value), cite: `${indicator} ${year} = ${r.value} ${r.unit} (${r.source_name})` };
  };
}

/** One event of events.csv by id, with its quantity and citation. */
function eventReader(file: string) {
  const rows = csvRecords(file, readFileSync(file, "utf8"));
  return (id: string): Figure => {
    const r = rows.find((x) => x.event_id === id);
    if (!r || r.quantity === "") throw new Error(`${file}: no event ${id} with a quantity; the DPRK model needs it`);
    return {
      value: Number(r.quantity),
      cite: `${id}: ${r.title} = ${formatNumber(Number(r.quantity))} ${r.unit} (${r.source_name})`,
    };
  };
}

type Flows = ReturnType<typeof aggregateFlows>;
type IndicatorReader = ReturnType<typeof indicatorReader>;
type EventReader = ReturnType<typeof eventReader>;

/** The donor table aggregated to the model's sectors: flows, output, value added, final demand. */
interface DonorTable {
  groups: string[];
  n: number;
  at: (code: string) => number;
  Zd: Flows;
  Md: Flows;
  xd: Float64Array;
  vad: Float64Array;
  Fd: ReturnType<typeof aggregateRows>;
  cats: string[];
  exp: number;
}

/** Reads the donor's WIOD national table and aggregates it to the model's sectors. */
async function donorTable(wiodDir: string, DONOR: Donor): Promise<DonorTable> {
  const t = await readWiodNiot(`${wiodDir}/${DONOR.file}`, DONOR.year);
  const groups: string[] = DPRK_SECTORS.map((s) => s.code);
  const mapping = Object.fromEntries(t.industries.map((c) => [c, WIOD_TO_DPRK[c] ?? "SRV"]));
  const conc = concordanceFromCodes(t.industries, mapping, groups);
  const n = groups.length;
  const at = (c: string) => groups.indexOf(c);
  // donor table aggregated
  const Zd = aggregateFlows(t.domestic, conc);
  const Md = aggregateFlows(t.imported, conc);
  const xd = aggregateVector(t.output, conc);
  const vaRow = t.primaryRows.indexOf("VA");
  const nd = t.industries.length;
  const vad = aggregateVector(t.primary.data.subarray(vaRow * nd, (vaRow + 1) * nd), conc);
  const Fd = aggregateRows(t.finalDomestic, conc);
  const cats = t.finalDemandCategories;
  const exp = cats.indexOf("EXP");
  return { groups, n, at, Zd, Md, xd, vad, Fd, cats, exp };
}

/** The model's first note: why a non-survey model, and why this donor. */
function donorNote(DONOR: Donor): string {
  return (
    `Non-survey model (the standard method for an economy without a published table): coefficients from the ` +
    `WIOD 2016 release, national table of ${DONOR.name} for ${DONOR.year}` +
    (DONOR === CENTRAL
      ? ", the earliest year available: an economy industrialised around coal, steel and a large farm " +
        "sector, the nearest in structure among the tables at hand (China, Germany, Korea, USA); the central " +
        "case. "
      : `: an alternative donor, built with the same builder as the central model (China 2000), so that ` +
        `conclusions show how much rests on the donor. `) +
    "Its 56 industries are aggregated to the Bank of Korea's breakdown of the DPRK economy, with heavy and " +
    "chemical industry split into metals, chemicals and machinery (the DPRK's 2021–2025 'key links' are " +
    "metals and chemicals). E37–E39 (sewerage, waste) go to services."
  );
}

/**
 * Value added of each sector: the level from the Bank of Korea's GNI, the shares from its 2016 shares of GDP,
 * manufacturing split in the donor's proportions (both noted).
 */
function valueAddedOf(d: DonorTable, ind: IndicatorReader, notes: string[]): { va: Float64Array; gni: Figure } {
  const { n, at, vad } = d;
  // value added: level and shares from the Bank of Korea
  const gni = ind("nominal_gni", BASE_YEAR);
  const share = (code: string) => ind(`share_nominal_gdp_${code}`, 2016);
  const sAgr = share("agriculture_forestry_fishing");
  const sMm = share("mining_and_manufacturing");
  const sEgw = share("electricity_gas_water");
  const sCon = share("construction");
  const sSrv = share("services");
  const mining17 = ind("share_nominal_gdp_mining", 2017);
  const manuf17 = ind("share_nominal_gdp_manufacturing", 2017);
  const total = sAgr.value + sMm.value + sEgw.value + sCon.value + sSrv.value;
  notes.push(
    `Value added ${BASE_YEAR}: total = Bank of Korea nominal GNI for ${BASE_YEAR} [${gni.cite}], used for ` +
      `GDP because no ${BASE_YEAR} GDP figure is in the data (in 2017 the two differ by 0.6 %: GDP 36.38, GNI ` +
      `36.6 trillion KRW). ` +
      `Sector shares: the Bank of Korea's 2016 shares of nominal GDP, the nearest year to ${BASE_YEAR} with ` +
      `every sector [${[sAgr, sMm, sEgw, sCon, sSrv].map((f) => f.cite).join("; ")}] (sum ` +
      `${total.toFixed(1)} %, rescaled to 100). ` +
      `Mining and manufacturing (one figure for 2016) is split by the 2017 ratio [${mining17.cite}; ${manuf17.cite}].`,
  );
  const va = new Float64Array(n);
  const scale = gni.value / total;
  va[at("AGR")] = sAgr.value * scale;
  va[at("MIN")] = ((sMm.value * mining17.value) / (mining17.value + manuf17.value)) * scale;
  const manufacturing = ((sMm.value * manuf17.value) / (mining17.value + manuf17.value)) * scale;
  va[at("EGW")] = sEgw.value * scale;
  va[at("CON")] = sCon.value * scale;
  va[at("SRV")] = sSrv.value * scale;
  const manu = ["LGT", "MET", "CHE", "MAC"];
  const donorManu = manu.reduce((a, c) => a + vad[at(c)], 0);
  for (const c of manu) va[at(c)] = (manufacturing * vad[at(c)]) / donorManu;
  notes.push(
    `Assumption: manufacturing value added is split into light industry, metals, chemicals and machinery in ` +
      `the donor table's proportions ` +
      `(${manu.map((c) => `${c} ${((100 * vad[at(c)]) / donorManu).toFixed(1)} %`).join(", ")}); ` +
      "the Bank of Korea publishes growth rates for light and for heavy-and-chemical industry but no shares " +
      "in the data at hand.",
  );
  return { va, gni };
}

/**
 * Exports: size from the DPRK's export revenue, composition from the products the sanctions named, the rest in
 * the donor's export mix (noted).
 */
function exportsOf(d: DonorTable, ind: IndicatorReader, ev: EventReader, gni: Figure, notes: string[]): Float64Array {
  const { n, at, groups, Fd, cats, exp } = d;
  const baseline = ev("SAN-2371-02");
  const gdpUsd = ind("gdp_official_dprk", BASE_YEAR);
  const exportsTotal = (baseline.value / 1e9 / gdpUsd.value) * gni.value;
  // coal in 2015: the 2017 cap (USD 400.9 million) plus the cut the US said it made relative to 2015 (USD 700 million),
  // about USD 1.1 bn; the 400 million of SAN-2371-03 is what was left under the cap, not 2015's revenue
  const coalCap = ev("SAN-2321-02");
  const coalCut = ev("SAN-2321-04");
  const named = [
    {
      code: "MIN",
      figures: [
        {
          value: coalCap.value + coalCut.value,
          cite:
            `coal 2015 ≈ ${((coalCap.value + coalCut.value) / 1e9).toFixed(2)} bn USD = the 2017 cap plus the ` +
            `cut it made relative to 2015 [${coalCap.cite}; ${coalCut.cite}]`,
        },
        ev("SAN-2371-04"),
        ev("SAN-2371-05"),
      ],
      what: "coal, iron and iron ore, lead",
    },
    { code: "AGR", figures: [ev("SAN-2371-06")], what: "seafood" },
    { code: "LGT", figures: [ev("SAN-2375-06")], what: "textiles and clothing" },
  ];
  const EXP = new Float64Array(n);
  let namedUsd = 0;
  const cites: string[] = [];
  for (const g of named) {
    for (const f of g.figures) {
      EXP[at(g.code)] += (f.value / baseline.value) * exportsTotal;
      namedUsd += f.value;
      cites.push(f.cite);
    }
  }
  // the rest of exports in the donor's export mix over the other sectors
  const rest = exportsTotal * (1 - namedUsd / baseline.value);
  const others = groups.filter((c) => !named.some((g) => g.code === c));
  const donorExp = (c: string) => Math.max(0, Fd.data[at(c) * cats.length + exp]);
  const donorOthers = others.reduce((a, c) => a + donorExp(c), 0);
  for (const c of others) EXP[at(c)] = (rest * donorExp(c)) / donorOthers;
  notes.push(
    `Exports: ${((100 * exportsTotal) / gni.value).toFixed(1)} % of GDP = the US baseline of DPRK export ` +
      `revenue [${baseline.cite}] over the DPRK's own USD GDP for ${BASE_YEAR} [${gdpUsd.cite}] (a ratio, so ` +
      `no exchange rate is needed). ` +
      `The products the 2017 sanctions named take their stated revenue ` +
      `(${named.map((g) => `${g.what} → ${g.code}`).join("; ")}) [${cites.join("; ")}]; the remaining ` +
      `${((100 * rest) / exportsTotal).toFixed(0)} % follows the donor's export mix over the other sectors ` +
      `(assumption).`,
  );
  return EXP;
}

/**
 * Rows: intermediate sales in the donor's proportion of non-export output, scaled so rows and columns total
 * alike, and the donor's domestic flows balanced to those margins by RAS (noted).
 */
function balancedFlows(d: DonorTable, x: Float64Array, v: Float64Array, EXP: Float64Array, notes: string[]) {
  const { n, groups, Zd, xd, Fd, cats, exp } = d;
  const rowDomestic = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) rowDomestic[i] += Zd.data[i * n + j];
  const u0 = Float64Array.from(
    x,
    (xi, i) => ((xi - EXP[i]) * rowDomestic[i]) / (xd[i] - Math.max(0, Fd.data[i * cats.length + exp])),
  );
  const sumV = v.reduce((a, b) => a + b, 0);
  const sumU0 = u0.reduce((a, b) => a + b, 0);
  const u = u0.map((q) => (q * sumV) / sumU0);
  const bal = ras(Zd, u, v, { rowLabels: groups, colLabels: groups });
  if (!bal.converged) throw new Error(`RAS did not converge (largest margin gap ${bal.maxDiscrepancy})`);
  notes.push(
    `RAS (biproportional) balancing of the donor's aggregated domestic flows to the DPRK's margins: column ` +
      `totals as above, row totals = the donor's share of intermediate sales in each sector's non-export ` +
      `output, scaled by ${(sumV / sumU0).toFixed(3)} so rows and columns total alike; ` +
      `${bal.iterations} iterations, largest margin gap ${bal.maxDiscrepancy.toExponential(1)}. Final demand ` +
      `= output − intermediate sales, split over the domestic categories in the donor's mix.`,
  );
  return { Z: bal.matrix, u };
}

/** Final demand: exports as above, the rest of each sector's output beyond intermediate sales in the donor's mix. */
function finalDemandOf(d: DonorTable, x: Float64Array, u: Float64Array, EXP: Float64Array) {
  const { n, groups, Fd, cats, exp } = d;
  const fCats = cats;
  const F = denseMatrix(n, fCats.length);
  for (let i = 0; i < n; i++) {
    const domestic = x[i] - u[i] - EXP[i];
    if (domestic < -1e-9 * x[i])
      throw new Error(
        `sector ${groups[i]}: exports and intermediate sales exceed output; the margins are inconsistent`,
      );
    let donorDom = 0;
    for (let k = 0; k < fCats.length; k++) if (k !== exp) donorDom += Math.max(0, Fd.data[i * fCats.length + k]);
    for (let k = 0; k < fCats.length; k++)
      F.data[i * fCats.length + k] =
        k === exp
          ? EXP[i]
          : donorDom > 0
            ? (Math.max(0, domestic) * Math.max(0, Fd.data[i * fCats.length + k])) / donorDom
            : 0;
  }
  return F;
}

/** Imported inputs and other primary inputs per unit as in the donor; value added the Bank of Korea's. */
function importsAndPrimary(d: DonorTable, x: Float64Array, v: Float64Array, va: Float64Array) {
  const { n, groups, Md, xd } = d;
  const Mi = denseMatrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Mi.data[i * n + j] = (Md.data[i * n + j] * x[j]) / xd[j];
  const importCoefficients = technicalCoefficients(Mi, x, { labels: groups }).A;
  const imp = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) imp[j] += Mi.data[i * n + j];
  // value added is the Bank of Korea's; other primary inputs (the donor's, per unit) close each column exactly,
  // absorbing the donor table's rounding: x = domestic + imported + other primary + VA
  const opClosed = Float64Array.from(x, (xj, j) => xj - v[j] - imp[j] - va[j]);
  const valueAdded = denseMatrix(2, n);
  valueAdded.data.set(opClosed, 0);
  valueAdded.data.set(va, n);
  return { importCoefficients, imp, valueAdded };
}

/**
 * Builds the DPRK model from WIOD (China 2000) and the sourced figures in `dprkDir` (indicators.csv,
 * events.csv). Deterministic: the same files give the same model.
 */
export async function dprkModel(o: { wiodDir: string; dprkDir: string; donor?: Donor }): Promise<EconomyModel> {
  const DONOR = o.donor ?? CENTRAL;
  const ind = indicatorReader(`${o.dprkDir}/indicators.csv`);
  const ev = eventReader(`${o.dprkDir}/events.csv`);
  const notes: string[] = [];
  const d = await donorTable(o.wiodDir, DONOR);
  const { groups, n, Zd, xd, vad, cats: fCats } = d;
  notes.push(donorNote(DONOR));
  const { va, gni } = valueAddedOf(d, ind, notes);
  // output, inputs: the donor's per-unit structure of each column
  const x = Float64Array.from(va, (v, j) => (v * xd[j]) / vad[j]);
  const colDomestic = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) colDomestic[j] += Zd.data[i * n + j];
  const v = Float64Array.from(colDomestic, (c, j) => (c * x[j]) / xd[j]);
  notes.push(
    "Gross output = value added ÷ the donor's value-added ratio of each sector; domestic intermediate " +
      "inputs, imported intermediate inputs and other primary inputs (taxes less subsidies, margins) per unit " +
      "of output as in the donor table: the column structure is borrowed, the sizes are the DPRK's.",
  );
  const EXP = exportsOf(d, ind, ev, gni, notes);
  const { Z, u } = balancedFlows(d, x, v, EXP, notes);
  const { A } = technicalCoefficients(Z, x, { labels: groups });
  const F = finalDemandOf(d, x, u, EXP);
  const { importCoefficients, imp, valueAdded } = importsAndPrimary(d, x, v, va);
  return {
    name: `DPRK 2015 (non-survey: WIOD ${DONOR.name} ${DONOR.year} coefficients, Bank of Korea shares, RAS)`,
    sectors: DPRK_SECTORS.map((s) => ({ code: s.code, name: s.name })),
    A,
    x,
    finalDemand: F,
    finalDemandCategories: fCats,
    valueAdded,
    valueAddedRows: ["OTHER_PRIMARY", "VA"],
    satellites: [{ code: "IMP", name: "Imported intermediate inputs", unit: "KRW trillion", values: imp }],
    importCoefficients,
    allowNegativeCoefficients: false,
    baseYear: BASE_YEAR,
    unit: "KRW trillion",
    currency: "KRW",
    priceBasis: "current prices of 2015, Bank of Korea basis (South Korean prices and exchange rates)",
    sources: [
      {
        title:
          `World Input-Output Database, 2016 release: national input-output table of China, ${DONOR.year} ` +
          `(coefficients)`,
        path: `${o.wiodDir}/${DONOR.file}`,
        licence: "CC-BY-4.0",
      },
      {
        title:
          "Bank of Korea estimates of the DPRK economy, via shared/data/dprk/indicators.csv (level and " +
          "shares of value added)",
        path: `${o.dprkDir}/indicators.csv`,
      },
      {
        title:
          "UN Security Council sanctions figures, via shared/data/dprk/events.csv (export revenue and composition)",
        path: `${o.dprkDir}/events.csv`,
      },
    ],
    licence: {
      name: "CC-BY-4.0",
      title: "Creative Commons Attribution 4.0 (the WIOD coefficients)",
      attribution: WIOD_ATTRIBUTION,
    },
    notes,
  };
}
