/** The text of `ioplan analyse`'s optional sections: each names its convention and definition. */
import type { ModelAnalysis, SectorAnalysisRow } from "../app/analyseModel.ts";
import type { SectorEntry, SectorSectionFields } from "../app/analysisSections.ts";
import { formatNumber, formatPercent } from "../engine/index.ts";
import { formatTable } from "./table.ts";

type Row = SectorAnalysisRow & SectorSectionFields;

/** Extra columns of the main table: the Ghosh and A-based linkages and the dispersion CVs, where asked for. */
export function extraColumns(a: ModelAnalysis): { headers: string[]; cells: (r: Row) => (number | string)[] } {
  const leontief = a.convention === "leontief";
  const cv = a.dispersion !== undefined;
  const ghosh = a.convention !== "ioplan" || cv;
  return {
    headers: [
      ...(ghosh ? ["fwd Ghosh"] : []),
      ...(leontief ? ["bwd ΣA col", "fwd ΣA row"] : []),
      ...(cv ? ["bwd CV", "fwd CV"] : []),
    ],
    cells: (r) => [
      ...(ghosh ? [r.forwardLinkageGhosh] : []),
      ...(leontief ? [r.backwardLinkageLeontief ?? NaN, r.forwardLinkageLeontief ?? NaN] : []),
      ...(cv ? [r.powerDispersionCV ?? NaN, r.sensitivityDispersionCV ?? NaN] : []),
    ],
  };
}

/** Lines that say what the extra columns of the main table are, in the analysis's convention. */
export function columnNotes(a: ModelAnalysis): string[] {
  const out: string[] = [];
  if (a.convention !== "ioplan" || a.dispersion)
    out.push(
      "  fwd Ghosh: n·(row sum of the Ghosh inverse G)/ΣG " + "(ioplan; Miller & Blair's preferred forward linkage)",
    );
  if (a.convention === "leontief")
    out.push(
      `  bwd ΣA col, fwd ΣA row: column and row sums of A (convention leontief: its backward_linkage and ` +
        `forward_linkage)`,
    );
  if (a.dispersion) out.push(`  bwd CV, fwd CV (convention ${a.dispersion.convention}): ${a.dispersion.definition}`);
  return out;
}

/** The multiplier product matrix, field of influence and extraction sections, and the convention's notes. */
export function peerSectionLines(a: ModelAnalysis, top: number): string[] {
  const out: string[] = [];
  const name = new Map(a.rows.map((r) => [r.code, r.name]));
  const short = (code: string) => {
    const n = name.get(code) ?? "";
    return `${code} ${n.length > 28 ? n.slice(0, 27) + "…" : n}`;
  };
  const entries = (head: string[], list: SectorEntry[]) =>
    formatTable(
      head,
      list.map((e) => [short(e.row), short(e.column), e.value]),
      4,
    );
  if (a.multiplierProduct) {
    const p = a.multiplierProduct;
    out.push(`\nMultiplier product matrix (convention ${p.convention}): ${p.definition}; V = ${formatNumber(p.total)}`);
    out.push(`Largest ${p.largest.length} entries:\n`);
    out.push(
      entries(
        p.convention === "leontief" ? ["row i", "column j", "m_ij"] : ["row i (selling)", "column j (buying)", "m_ij"],
        p.largest,
      ),
    );
  }
  if (a.fieldOfInfluence) {
    const f = a.fieldOfInfluence;
    out.push(
      `\nField of influence of a_ij, i = ${f.row} (supplying), j = ${f.column} (buying), convention ` +
        `${f.convention}: ${f.definition}`,
    );
    out.push(
      `  L_ji = ${formatNumber(f.lji)}; Σ F = ${formatNumber(f.total)} (first-order change of ΣL per unit of ` +
        `a_ij); Σ F² = ${formatNumber(f.sumOfSquares)}`,
    );
    if (f.epsilon > 0)
      out.push(
        `  for ε = ${formatNumber(f.epsilon)}: Σ((L(ε) − L)/ε)² = ` +
          formatNumber(f.finiteDifferenceSumOfSquares) +
          (f.convention === "fio" ? " (fio's field_influence entry)" : ""),
      );
    out.push(`Largest ${f.largest.length} entries of F (where in L the change is felt):\n`);
    out.push(entries(["row k", "column l", "F_kl"], f.largest));
  }
  if (a.extraction) out.push(...extractionLines(a, top));
  if (a.conventionNotes.length) out.push(`\nConvention ${a.convention}:`, ...a.conventionNotes.map((n) => `  ${n}`));
  return out;
}

function extractionLines(a: ModelAnalysis, top: number): string[] {
  const e = a.extraction!;
  const rows = a.rows
    .filter((r) => r.extraction)
    .sort((x, y) => y.extraction!.total - x.extraction!.total)
    .slice(0, top);
  const share = (v: number) => formatPercent(v / e.baseOutput, { digits: 2 });
  const out = [
    `\nHypothetical extraction (convention ioplan): ${e.definition}; base output ${formatNumber(e.baseOutput)}`,
  ];
  if (e.fio)
    out.push(`  fio columns: ${e.fio.definition}; % of total production ${formatNumber(e.fio.totalProduction)}`);
  out.push(`Top ${rows.length} sectors by total loss:\n`);
  const fio = e.fio !== undefined;
  const fioShare = (v: number) => formatPercent(v / e.fio!.totalProduction, { digits: 2 });
  const headers = [
    "code",
    "sector",
    "total",
    "%",
    "backward",
    "%",
    "forward",
    "%",
    ...(fio ? ["fio backward", "fio forward", "fio total", "%"] : []),
  ];
  out.push(
    formatTable(
      headers,
      rows.map((r) => {
        const x = r.extraction!;
        const f = r.extractionFio;
        const name = r.name.length > 30 ? r.name.slice(0, 29) + "…" : r.name;
        return [
          r.code,
          name,
          x.total,
          share(x.total),
          x.backward,
          share(x.backward),
          x.forward,
          share(x.forward),
          ...(fio && f ? [f.backward, f.forward, f.total, fioShare(f.total)] : []),
        ];
      }),
    ),
  );
  return out;
}
