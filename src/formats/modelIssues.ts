import { IoplanError } from "../engine/index.ts";
/** One problem found in a model's files: where it is, the value, and what would be valid. */
export interface ModelIssue {
  severity: "error" | "warning";
  file: string;
  /** 1-based line in the file, when the problem is in one row. */
  line?: number;
  column?: string;
  sector?: string;
  value?: string | number;
  message: string;
}

/** Collects issues while reading, so that one pass reports every problem, not just the first. */
export class IssueList {
  readonly items: ModelIssue[] = [];
  /** Stop collecting a kind of issue after this many (the count is still kept). */
  private readonly perKindLimit: number;
  private readonly counts = new Map<string, number>();
  constructor(perKindLimit = 50) {
    this.perKindLimit = perKindLimit;
  }
  error(issue: Omit<ModelIssue, "severity">): void {
    this.add({ severity: "error", ...issue });
  }
  warning(issue: Omit<ModelIssue, "severity">): void {
    this.add({ severity: "warning", ...issue });
  }
  private add(issue: ModelIssue): void {
    const kind = `${issue.severity}:${issue.file}:${issue.message.replace(/[\d.eE+-]+/g, "#").slice(0, 40)}`;
    const c = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, c);
    if (c <= this.perKindLimit) this.items.push(issue);
    else if (c === this.perKindLimit + 1)
      this.items.push({
        ...issue,
        message: `more problems like the one above in ${issue.file} (only the first ${this.perKindLimit} are listed)`,
      });
  }
  get errors(): ModelIssue[] {
    return this.items.filter((i) => i.severity === "error");
  }
  get warnings(): ModelIssue[] {
    return this.items.filter((i) => i.severity === "warning");
  }
}

/** Formats an issue as one line: `error file:line column sector=value: message`. */
export function formatIssue(i: ModelIssue): string {
  const where = [
    i.file + (i.line ? `:${i.line}` : ""),
    i.column ? `column ${i.column}` : "",
    i.sector ? `sector ${i.sector}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  const value = i.value !== undefined ? ` (value ${JSON.stringify(i.value)})` : "";
  return `${i.severity}: ${where}: ${i.message}${value}`;
}

/** A model that failed to load or validate: carries every issue found. */
export class ModelFileError extends IoplanError {
  readonly issues: ModelIssue[];
  constructor(what: string, issues: ModelIssue[]) {
    const errs = issues.filter((i) => i.severity === "error");
    super(
      "bad-model-file",
      `${what}: ${errs.length} error${errs.length === 1 ? "" : "s"}\n` +
        errs.slice(0, 20).map(formatIssue).join("\n") +
        (errs.length > 20 ? `\n… and ${errs.length - 20} more` : ""),
    );
    this.issues = issues;
  }
}
