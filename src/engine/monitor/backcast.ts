/** One sector-year of a backcast: the model's output from the observed channels beside what was observed. */
export interface BackcastPoint {
  year: number;
  simulated: number;
  observed: number;
  /** simulated − observed. */
  error: number;
}

/** How well a series of simulated values reproduces the observed ones. */
export interface FitMeasures {
  /** Mean absolute percentage error, in per cent: mean |s − o| / |o| × 100. */
  mape: number;
  /**
   * Theil's inequality coefficient U₁ (Theil 1961; Bliemel 1973): √mean (s − o)² / (√mean s² + √mean o²),
   * in [0, 1]; 0 is a perfect fit.
   */
  theilU: number;
  /** Mean of (s − o) / o, in per cent: positive when the model overstates output. */
  bias: number;
  /**
   * MAPE of the no-change forecast (every year at the base-year level), for comparison: a model worse than that
   * explains little.
   */
  naiveMape: number;
  /** Theil's U₁ of the no-change forecast, for comparison. */
  naiveTheilU: number;
  points: number;
}

/** A sector's backcast: per observed year, then the fit over its years. */
export interface SectorBackcast extends FitMeasures {
  code: string;
  years: BackcastPoint[];
}

/** How well the model reproduces the observed years: per sector and over all of them (MAPE, Theil's U). */
export interface Backcast {
  sectors: SectorBackcast[];
  /** Over every observed sector-year. */
  overall: FitMeasures;
}

/** Series of one sector: simulated and observed per year, and the base-year level the no-change forecast holds. */
export interface BackcastSeries {
  code: string;
  base: number;
  years: { year: number; simulated: number; observed: number }[];
}

function fit(points: { simulated: number; observed: number; base: number }[]): FitMeasures {
  const use = points.filter((p) => Number.isFinite(p.simulated) && Number.isFinite(p.observed) && p.observed !== 0);
  const k = use.length;
  if (!k) return { mape: NaN, theilU: NaN, bias: NaN, naiveMape: NaN, naiveTheilU: NaN, points: 0 };
  let ape = 0;
  let sq = 0;
  let ss = 0;
  let oo = 0;
  let bias = 0;
  let naive = 0;
  let nsq = 0;
  let bb = 0;
  for (const p of use) {
    nsq += (p.base - p.observed) ** 2;
    bb += p.base * p.base;
    const e = p.simulated - p.observed;
    ape += Math.abs(e / p.observed);
    bias += e / p.observed;
    naive += Math.abs((p.base - p.observed) / p.observed);
    sq += e * e;
    ss += p.simulated * p.simulated;
    oo += p.observed * p.observed;
  }
  const den = Math.sqrt(ss / k) + Math.sqrt(oo / k);
  const nden = Math.sqrt(bb / k) + Math.sqrt(oo / k);
  return {
    mape: (100 * ape) / k,
    theilU: den === 0 ? 0 : Math.sqrt(sq / k) / den,
    bias: (100 * bias) / k,
    naiveMape: (100 * naive) / k,
    naiveTheilU: nden === 0 ? 0 : Math.sqrt(nsq / k) / nden,
    points: k,
  };
}

/**
 * Sets simulated outputs (the model run on the observed exogenous channels alone) beside the observed ones,
 * per sector and year, with the mean absolute percentage error, Theil's U₁ and the bias per sector and over
 * all sector-years, and the no-change forecast's MAPE beside them. Points without an observation (or with an
 * observation of 0) are left out of the measures. Pure; O(points).
 * @example
 * ```ts
 * // simulated 11 against observed 10: 10 % off
 * const fit = backcastFit([{ code: "AGR", base: 10, years: [{ year: 2016, simulated: 11, observed: 10 }] }]);
 * console.log(fit.overall.mape.toFixed(1)); // 10.0
 * ```
 */
export function backcastFit(series: readonly BackcastSeries[]): Backcast {
  const sectors = series.map((s) => {
    const years = s.years.map((y) => ({
      year: y.year,
      simulated: y.simulated,
      observed: y.observed,
      error: y.simulated - y.observed,
    }));
    return { code: s.code, years, ...fit(s.years.map((y) => ({ ...y, base: s.base }))) };
  });
  return { sectors, overall: fit(series.flatMap((s) => s.years.map((y) => ({ ...y, base: s.base })))) };
}

/** One line on how well the model reproduces the observed years, to print beside every explanation.
 * @example
 * ```ts
 * // a model 5 % off on average, where assuming no change would have been exact: the line says so
 * const years = [
 *   { year: 2016, simulated: 11, observed: 10 },
 *   { year: 2017, simulated: 10, observed: 10 },
 * ];
 * const fit = backcastFit([{ code: "AGR", base: 10, years }]);
 * console.log(describeFit(fit).split(" with ")[0]); // Backcast: the model reproduces the 2 observed series-years
 * console.log(describeFit(fit).includes("no better than assuming no change")); // true
 * ```
 */
export function describeFit(b: Backcast): string {
  const o = b.overall;
  if (!o.points) return "Backcast: no observed sector-years to check the model against.";
  const worst = [...b.sectors].filter((s) => s.points).sort((a, z) => z.mape - a.mape)[0];
  const worse = o.mape >= o.naiveMape && o.theilU >= o.naiveTheilU;
  // better than no change only when both measures say so; when they disagree, say which
  const mixed = !worse && (o.mape >= o.naiveMape || o.theilU >= o.naiveTheilU);
  const split =
    o.mape < o.naiveMape ? "better than no change by mean error only" : "better than no change by Theil's U only";
  const level = o.mape <= 5 ? "close" : o.mape <= 15 ? "rough" : "poor";
  const verdict = worse
    ? `${o.mape <= 5 ? "close, yet" : "poor:"} no better than assuming no change, ` +
      "so explanations through it are the model's reading, not what happened"
    : mixed
      ? `${level}, ${split}`
      : level === "poor"
        ? "poor (though better than no change)"
        : level;
  const naive = `no change: ${o.naiveMape.toFixed(1)} % and ${o.naiveTheilU.toFixed(3)}`;
  return (
    `Backcast: the model reproduces the ${o.points} observed series-years with a mean absolute error of ` +
    `${o.mape.toFixed(1)} % and Theil's U ${o.theilU.toFixed(3)} (${naive}), ${verdict}; ` +
    `worst ${worst.code} ${worst.mape.toFixed(1)} %.`
  );
}
