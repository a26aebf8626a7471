/**
 * Builds the ready models in examples/ from the raw tables in ../shared/data (never hand-edited):
 *   examples/bea-summary-2017   US BEA 2017 summary, domestic requirements (71 industries)
 *   examples/bea-detail-2017    US BEA 2017 detail, domestic requirements (402 industries)
 *   examples/wiod-usa-2014      WIOD 2016 release, USA 2014, with employment from the SEA (56 industries)
 *   examples/dprk/model         the worked example's DPRK model (WIOD China 2000, Bank of Korea shares, RAS)
 *   examples/dprk/models/*      the same builder on the alternative donors (China 2014, Korea 2000 and 2014)
 *   examples/cockshott/model   Cockshott & Cottrell's four-good economy with capital stocks per (good, industry)
 *                               (figures of github.com/wc22m/5yearplan, in src/app/examples/cockshottModel.ts)
 *   examples/dprk/observations  indicators.csv and events.csv (copies), trade figures from events.csv and
 *                               sector growth rates derived from the published ones (generic layout)
 * Each is validated as it is written (the same checks as `ioplan model validate`).
 *
 * usage: npm run examples   (or: tsx scripts/build-examples.ts [DATA_DIR])
 */
import { join, relative, resolve } from "node:path";
import type { EconomyModel } from "../src/engine/index.ts";
import { beaModel } from "../src/app/beaModel.ts";
import { saveImportedModel } from "../src/app/modelImport.ts";
import { wiodModel } from "../src/app/wiodModel.ts";
import { cockshottModel } from "../src/app/examples/cockshottModel.ts";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { ALTERNATIVE_DONORS, dprkModel } from "../src/app/dprk/model.ts";
import { readModel } from "../src/formats/dataPackage.ts";
import { derivedObservationsCsv, tradeObservationsCsv } from "../src/app/dprk/observations.ts";

const ROOT = resolve(import.meta.dirname, "..");
const DATA = process.argv[2] ?? process.env.IOPLAN_DATA ?? resolve(ROOT, "..", "shared", "data");
const out = (name: string) => join(ROOT, "examples", name);
/** Source paths relative to the repository, so the metadata holds no machine's absolute paths. */
const portable = (m: EconomyModel): EconomyModel => ({
  ...m,
  sources: m.sources.map((s) => ({ ...s, path: s.path ? relative(ROOT, s.path) : undefined })),
});

const built = [
  saveImportedModel(
    portable(beaModel({ dir: join(DATA, "us_bea"), year: 2017, level: "summary", domestic: true })),
    out("bea-summary-2017"),
  ),
  saveImportedModel(
    portable(beaModel({ dir: join(DATA, "us_bea"), year: 2017, level: "detail", domestic: true })),
    out("bea-detail-2017"),
  ),
  saveImportedModel(
    portable(await dprkModel({ wiodDir: join(DATA, "wiod2016"), dprkDir: join(DATA, "dprk") })),
    out("dprk/model"),
  ),
  ...(await Promise.all(
    ALTERNATIVE_DONORS.map(async (donor) =>
      saveImportedModel(
        portable(await dprkModel({ wiodDir: join(DATA, "wiod2016"), dprkDir: join(DATA, "dprk"), donor })),
        out(`dprk/models/${donor.country.toLowerCase()}-${donor.year}`),
      ),
    ),
  )),
  saveImportedModel(
    portable(
      await wiodModel({
        xlsx: join(DATA, "wiod2016", "USA_NIOT_nov16.xlsx"),
        year: 2014,
        sea: join(DATA, "wiod2016", "sea_CAN_DEU_FRA_GBR_USA_2000_2014.csv"),
      }),
    ),
    out("wiod-usa-2014"),
  ),
  saveImportedModel(cockshottModel(), out("cockshott/model")),
];
for (const b of built)
  console.log(`wrote ${b.out}: ${b.sectors} sectors, ${b.entries} coefficients, ${b.issues.length} warnings`);

const obs = out("dprk/observations");
mkdirSync(obs, { recursive: true });
for (const f of ["indicators.csv", "events.csv"]) copyFileSync(join(DATA, "dprk", f), join(obs, f));
writeFileSync(join(obs, "trade.csv"), tradeObservationsCsv(join(DATA, "dprk", "events.csv")));
const dprk = built.find((b) => b.out.endsWith("dprk/model"))!;
writeFileSync(
  join(obs, "derived.csv"),
  derivedObservationsCsv(join(DATA, "dprk", "indicators.csv"), readModel(dprk.out), 2016, 2023),
);
console.log(`wrote ${obs}: indicators.csv, events.csv (copies), trade.csv, derived.csv`);
