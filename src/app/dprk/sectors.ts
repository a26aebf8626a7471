/**
 * The DPRK model's sectors (the Bank of Korea's breakdown, heavy and chemical industry split in three) and the
 * concordance from WIOD's industries to them.
 */

/** The model's sectors: the Bank of Korea's breakdown, heavy and chemical industry split in three. */
export const DPRK_SECTORS = [
  { code: "AGR", name: "Agriculture, forestry and fishing" },
  { code: "MIN", name: "Mining and quarrying (coal, iron ore, non-ferrous ores)" },
  { code: "LGT", name: "Light industry (food, textiles, wood, paper, printing, other manufacturing)" },
  { code: "MET", name: "Metals (basic and fabricated metal products)" },
  {
    code: "CHE",
    name:
      "Chemicals (coke and refined petroleum, chemicals, pharmaceuticals, rubber and plastics, cement and " +
      "other non-metallic minerals)",
  },
  { code: "MAC", name: "Machinery and equipment (electronic, electrical, machinery, vehicles, ships, repair)" },
  { code: "EGW", name: "Electricity, gas and water" },
  { code: "CON", name: "Construction" },
  { code: "SRV", name: "Services" },
] as const;

/** WIOD industry → model sector, following the Bank of Korea's light / heavy-and-chemical split of manufacturing. */
export const WIOD_TO_DPRK: Record<string, string> = {
  A01: "AGR",
  A02: "AGR",
  A03: "AGR",
  B: "MIN",
  "C10-C12": "LGT",
  "C13-C15": "LGT",
  C16: "LGT",
  C17: "LGT",
  C18: "LGT",
  C31_C32: "LGT",
  C24: "MET",
  C25: "MET",
  C19: "CHE",
  C20: "CHE",
  C21: "CHE",
  C22: "CHE",
  C23: "CHE",
  C26: "MAC",
  C27: "MAC",
  C28: "MAC",
  C29: "MAC",
  C30: "MAC",
  C33: "MAC",
  D35: "EGW",
  E36: "EGW",
  F: "CON",
};
