import type { EconomyModel } from "../engine/index.ts";
import { technicalCoefficients } from "../engine/index.ts";
import { readWiodNiot, readWiodSea } from "../formats/wiod.ts";

/** WIOD's required attribution for anything derived from it. */
export const WIOD_ATTRIBUTION =
  'Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, G. J. (2015), "An Illustrated User ' +
  'Guide to the World Input–Output Database: the Case of Global Automotive Production", Review of ' +
  "International Economics 23: 575–605. Data: WIOD 2016 release, doi:10.34894/PJ2M1C.";

/**
 * A domestic-requirements model from a WIOD national table: A from domestic intermediate flows; final
 * demand = domestic final uses; primary inputs (taxes less subsidies, adjustments, value added, margins) as
 * value-added rows; imported intermediate inputs as a satellite (so every column balances); with `sea`,
 * employment satellites (persons engaged, thousands; employees' hours, millions).
 */
export async function wiodModel(o: { xlsx: string; year: number; sea?: string }): Promise<EconomyModel> {
  const t = await readWiodNiot(o.xlsx, o.year);
  const n = t.industries.length;
  const { A, zeroOutputSectors } = technicalCoefficients(t.domestic, t.output, { labels: t.industries });
  const importCoefficients = technicalCoefficients(t.imported, t.output, { labels: t.industries }).A;
  const importsByIndustry = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) importsByIndustry[j] += t.imported.data[i * n + j];
  const satellites: EconomyModel["satellites"] = [
    { code: "IMP", name: "Imported intermediate inputs", unit: "USD million", values: importsByIndustry },
  ];
  const notes = [
    `WIOD 2016 national input–output table for ${t.country}, ${o.year}: domestic flows give A; imported ` +
      `intermediate inputs are the IMP satellite.`,
    "Primary-input rows TXSP (taxes less subsidies on products), EXP_adj, PURR, PURNR, VA (value added) and " +
      "IntTTM (international transport margins) as in WIOD.",
  ];
  if (zeroOutputSectors.length)
    notes.push(
      `Industries with zero output (coefficient column 0): ` +
        `${zeroOutputSectors.map((i) => t.industries[i]).join(", ")}.`,
    );
  if (o.sea) {
    const e = readWiodSea(o.sea, t.country, o.year, t.industries);
    satellites.push({ code: "EMP", name: "Persons engaged", unit: "thousand persons", values: e.persons });
    satellites.push({ code: "H_EMPE", name: "Hours worked by employees", unit: "million hours", values: e.hours });
    notes.push(
      "Employment from the WIOD Socio-Economic Accounts (EMP persons engaged, thousands; H_EMPE hours worked " +
        "by employees, millions).",
    );
  }
  return {
    name: `WIOD ${t.country} ${o.year}`,
    sectors: t.industries.map((code, i) => ({ code, name: t.industryNames[i] })),
    A,
    x: t.output,
    finalDemand: t.finalDomestic,
    finalDemandCategories: t.finalDemandCategories,
    valueAdded: t.primary,
    valueAddedRows: t.primaryRows,
    satellites,
    importCoefficients,
    allowNegativeCoefficients: false,
    baseYear: o.year,
    unit: "USD million",
    currency: "USD",
    priceBasis: "current basic prices",
    sources: [
      {
        title: "World Input-Output Database, 2016 release: national input-output tables",
        path: o.xlsx,
        licence: "CC-BY-4.0",
      },
      ...(o.sea ? [{ title: "WIOD Socio-Economic Accounts", path: o.sea, licence: "CC-BY-4.0" }] : []),
    ],
    licence: { name: "CC-BY-4.0", title: "Creative Commons Attribution 4.0", attribution: WIOD_ATTRIBUTION },
    notes,
  };
}
