import type { EconomyModel } from "../../engine/index.ts";
import { denseMatrix } from "../../engine/index.ts";

/**
 * Cockshott & Cottrell's four-good economy (iron, coal, corn, bread) as an ioplan model: the flow matrix, outputs,
 * labour and capital stocks per (good, using industry) of W. P. Cockshott's five-year-plan program
 * (github.com/wc22m/5yearplan, plancode/flows.csv and cap.csv, 2018). Final use is output less intermediate use, one
 * category. Units are the program's own (unnamed physical units; labour in person-years).
 */
export function cockshottModel(): EconomyModel {
  const codes = ["iron", "coal", "corn", "bread"];
  const output = [10, 6, 10, 1];
  // flows.csv: rows are inputs, columns the using industry
  const flows = [
    [0.1, 0, 0, 0],
    [2, 1, 0.04, 0.2],
    [0, 0, 1, 1],
    [0, 0, 0, 0],
  ];
  // cap.csv: rows are capital goods, columns the industry holding them
  const stocks = [
    [10, 7, 1.4, 1],
    [2, 1, 0.04, 0.1],
    [0, 0, 1, 0],
    [0, 0, 0, 0],
  ];
  const labour = [0.3, 1, 2, 0.1];
  const n = codes.length;
  const finalUse = output.map((x, i) => x - flows[i].reduce((a, b) => a + b, 0));
  const source = {
    title: "W. P. Cockshott, 5yearplan (2018): plancode/flows.csv, cap.csv, dep.csv, labtarg.csv",
    path: "https://github.com/wc22m/5yearplan",
    licence: "GPL-3.0 (program); figures as published",
  };
  return {
    name: "Cockshott & Cottrell's four-good economy",
    sectors: codes.map((code) => ({ code, name: code })),
    A: denseMatrix(flows.map((row) => row.map((v, j) => v / output[j]))),
    x: Float64Array.from(output),
    finalDemand: denseMatrix(finalUse.map((v) => [v])),
    finalDemandCategories: ["final use"],
    valueAdded: denseMatrix(0, n),
    valueAddedRows: [],
    satellites: [{ code: "labour", name: "labour", unit: "person-years", values: Float64Array.from(labour) }],
    capitalStocks: denseMatrix(stocks),
    allowNegativeCoefficients: false,
    baseYear: 2020,
    unit: "units",
    sources: [source],
    notes: [
      "Years 1–5 of the program are written 2021–2025; " +
        "the program's goods have no prices, so money rows are absent.",
    ],
  };
}
