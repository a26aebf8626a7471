/**
 * `ioplan demo china`: the two-economy view run on the recorded shocks to DPRK–China trade (the 2017 sanctions as
 * China applied them; the 2020 border closure), each shock built from the rows of events.csv it cites, with what the
 * data cannot carry said beside the figures.
 */
import type { MrioModel } from "../../engine/index.ts";
import { forEachEntry, formatNumber } from "../../engine/index.ts";
import type { MrioShockResult, TradeShock } from "../mrioShock.ts";
import { mrioShock } from "../mrioShock.ts";
import type { ChinaFigures } from "./china.ts";
import { CHINA_YEAR, dprkChinaModel, sourcedRows } from "./china.ts";
import { writeMrio } from "../../formats/mrioPackageWrite.ts";

/** One recorded shock: what it is, the flows it scales, the rows it rests on, and the model's answer. */
export interface ChinaScenario {
  id: string;
  title: string;
  shocks: TradeShock[];
  sources: string[];
  result: MrioShockResult;
  /** Recorded figures the scenario can be held against. */
  checks: { what: string; modelled: number; recorded: number; cite: string }[];
}

export interface ChinaView {
  model: MrioModel;
  figures: ChinaFigures;
  scenarios: ChinaScenario[];
  /** What the data cannot carry, in plain words (printed with the figures and in docs/example.md). */
  cannotCarry: string[];
}

/** The limits of the view: printed with every run. */
export const CHINA_VIEW_LIMITS = [
  "The DPRK has no input–output table of its own: its block is the worked example's non-survey model " +
    "(China's 2000 coefficients scaled to the Bank of Korea's value-added shares), not an observed table.",
  "Trade is known only as yearly totals (Statistics Korea, Chinese customs as reported in the press) and the " +
    "revenue of the products the 2017 sanctions named: no product × using-industry breakdown, so who buys what " +
    "on each side follows the stated allocation rules.",
  `China's table is WIOD's last (${CHINA_YEAR}), the DPRK model's base year 2015, the trade figures 2016: ` +
    `the years are not aligned and nothing is deflated; KRW becomes USD by the DPRK's own USD GDP over the ` +
    `Bank of Korea's GNI.`,
  "The model is demand-driven: a cut in China's sales to the DPRK removes demand on Chinese sectors, but it " +
    "does not starve DPRK industries of their inputs (they are assumed replaced from outside); supply " +
    "shortages such as the fertilizer and spare parts the 2020 closure cut off belong to the plan model's " +
    "supply constraints, not to this view.",
  "Smuggled and unrecorded trade, services, tourism and workers' earnings abroad are not in the trade " +
    "figures; the rest of the world is not a region, so there is no third-country feedback.",
];

const vaOf = (r: MrioShockResult, region: string) =>
  r.regions.find((g) => g.code === region)!.stressors.find((s) => s.code === "VA")!;
const vaChange = (r: MrioShockResult, region: string) => vaOf(r, region).change;
const vaBefore = (r: MrioShockResult, region: string) => vaOf(r, region).before;

/** The shocks' evidence: an event's row cited by file and line. */
function cite(find: ReturnType<typeof sourcedRows>, id: string): string {
  const { row } = find("event_id", id);
  return `${row.__where} ${id}: ${row.title}`;
}

type Rows = ReturnType<typeof sourcedRows>;
type Growth = { value: number; cite: string };

/** The Bank of Korea's real GDP growth of a year, cited by file and line. */
function growthReader(ind: Rows): (y: number) => Growth {
  return (y) => {
    const { row } = ind(
      "indicator",
      "real_gdp_growth",
      (r) => r.year === String(y) && /Bank of Korea|BoK/.test(r.source_name),
    );
    return {
      value: Number(row.value),
      cite: `${row.__where} real_gdp_growth ${y} = ${row.value} % (${row.source_name})`,
    };
  };
}

/** The 2017 sanctions as China applied them, held against the exports left in 2018 and growth in 2017–2018. */
function bansScenario(model: MrioModel, figures: ChinaFigures, ev: Rows, g2017: Growth, g2018: Growth): ChinaScenario {
  const banned = ["MIN", "AGR", "LGT"];
  const S = model.sectors.length;
  const bans = mrioShock(model, [{ origin: "DPRK", destination: "CHN", sectors: banned, factor: 0 }]);
  // what the model leaves of DPRK sales to China after the bans: the unbanned sectors' flows to CHN
  let unbanned = 0;
  const K = model.finalDemandCategories.length;
  const kept = (i: number) => i < S && !banned.includes(model.sectors[i].code);
  forEachEntry(model.A, (i, j, v) => (unbanned += kept(i) && j >= S ? v * model.x[j] : 0));
  for (let i = 0; i < S; i++) for (let c = K; c < 2 * K; c++) unbanned += kept(i) ? model.Y.data[i * 2 * K + c] : 0;
  return {
    id: "bans-2017",
    title:
      "2017 sanctions as China applied them: no DPRK coal, iron, iron ore, lead (MIN), seafood (AGR) or " +
      "textiles (LGT) bought by China",
    shocks: [{ origin: "DPRK", destination: "CHN", sectors: banned, factor: 0 }],
    sources: ["SAN-2371-01", "SAN-2371-06", "SAN-2375-06", "SAN-CN-2017-02"].map((id) => cite(ev, id)),
    result: bans,
    checks: [
      {
        what: "DPRK exports to China left after the bans, USD million",
        modelled: unbanned,
        recorded: figures.exports2018.value / 1e6,
        cite: `2018, the first full year of the bans: ${figures.exports2018.cite}`,
      },
      {
        what: "DPRK value added, change in %",
        modelled: (100 * vaChange(bans, "DPRK")) / vaBefore(bans, "DPRK"),
        recorded: 100 * ((1 + g2017.value / 100) * (1 + g2018.value / 100) - 1),
        cite:
          `Bank of Korea real GDP growth 2017 and 2018 compounded (every cause, not the bans alone): ` +
          `${g2017.cite}; ${g2018.cite}`,
      },
    ],
  };
}

/** The 2020 border closure: trade at its recorded 2020 level, held against growth in 2020. */
function borderScenario(model: MrioModel, figures: ChinaFigures, ev: Rows, g2020: Growth): ChinaScenario {
  const exportsShare = figures.exports2020.value / figures.exportsToChina.value;
  const importsShare = figures.imports2020.value / figures.importsFromChina.value;
  const border = mrioShock(model, [
    { origin: "DPRK", destination: "CHN", factor: exportsShare },
    { origin: "CHN", destination: "DPRK", factor: importsShare },
  ]);
  return {
    id: "border-2020",
    title:
      `2020 border closure: trade at its recorded 2020 level (DPRK exports to China × ` +
      `${formatNumber(exportsShare, { digits: 4 })}, imports from China × ` +
      `${formatNumber(importsShare, { digits: 4 })} of 2016)`,
    shocks: [
      { origin: "DPRK", destination: "CHN", factor: exportsShare },
      { origin: "CHN", destination: "DPRK", factor: importsShare },
    ],
    sources: [
      cite(ev, "BOR-2020-03"),
      figures.exports2020.cite,
      figures.imports2020.cite,
      figures.exportsToChina.cite,
      figures.importsFromChina.cite,
    ],
    result: border,
    checks: [
      {
        what: "DPRK value added, change in %",
        modelled: (100 * vaChange(border, "DPRK")) / vaBefore(border, "DPRK"),
        recorded: g2020.value,
        cite: `Bank of Korea real GDP growth 2020 (every cause): ${g2020.cite}`,
      },
    ],
  };
}

/** Runs the two recorded scenarios on the two-region model. */
export async function runChinaView(o: { wiodDir: string; dprkDir: string; out?: string }): Promise<ChinaView> {
  const { model, figures } = await dprkChinaModel(o);
  if (o.out) writeMrio(model, o.out);
  const ev = sourcedRows(`${o.dprkDir}/events.csv`);
  const growth = growthReader(sourcedRows(`${o.dprkDir}/indicators.csv`));
  const [g2017, g2018, g2020] = [growth(2017), growth(2018), growth(2020)];
  return {
    model,
    figures,
    scenarios: [bansScenario(model, figures, ev, g2017, g2018), borderScenario(model, figures, ev, g2020)],
    cannotCarry: CHINA_VIEW_LIMITS,
  };
}
