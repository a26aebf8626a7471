/** How the dashboard says a fulfilment: a percentage when it was observed, the words "not observed" when not. */
import { formatPercent } from "../../src/engine/index.ts";

/** "97.2 %" for an observed share; "not observed" for a target-year with no figure (never a percentage). */
export function fulfilmentText(ratio: number | null | undefined, status?: string): string {
  return ratio === null || ratio === undefined || status === "not-observed" ? "not observed" : formatPercent(ratio);
}
