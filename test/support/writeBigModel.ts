/**
 * Child process for the kill test: writes a large random sparse model (n sectors, k inputs each) to the folder
 * given, slowly enough to be killed in the middle. usage: tsx writeBigModel.ts OUT N K
 */
import { cscFromTriplets, denseMatrix } from "../../src/engine/index.ts";
import { writeModel } from "../../src/formats/dataPackage.ts";

const [out, nText, kText] = process.argv.slice(2);
const n = Number(nText);
const k = Number(kText);
let s = 12345;
const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
const rows = new Int32Array(n * k);
const cols = new Int32Array(n * k);
const vals = new Float64Array(n * k);
for (let j = 0; j < n; j++)
  for (let q = 0; q < k; q++) {
    rows[j * k + q] = Math.floor(rand() * n);
    cols[j * k + q] = j;
    vals[j * k + q] = rand() / (k * 1.5);
  }
writeModel(
  {
    name: "big random",
    sectors: Array.from({ length: n }, (_, i) => ({ code: `p${i}`, name: `product ${i}` })),
    A: cscFromTriplets(n, n, { rows, cols, values: vals }),
    x: new Float64Array(n).fill(1),
    finalDemand: denseMatrix(n, 1),
    finalDemandCategories: ["F"],
    valueAdded: denseMatrix(0, n),
    valueAddedRows: [],
    satellites: [],
    allowNegativeCoefficients: false,
    baseYear: 2020,
    unit: "unit",
    sources: [],
    notes: [],
  },
  out,
  { hooks: { afterFile: (f) => process.stdout.write(`wrote ${f}\n`) } },
);
process.stdout.write("done\n");
