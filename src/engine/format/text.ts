/** How ioplan shortens a label for a line or a cell: at a word, never mid-word. */

/**
 * A label cut to at most `n` characters at a word boundary, with "…"; shorter labels are returned as they are. A
 * label whose first word is longer than `n` is cut inside it (there is no word to cut at).
 * @example
 * ```ts
 * const label = "Performing arts, spectator sports, museums, and related activities";
 * console.log(clip(label, 40)); // Performing arts, spectator sports…
 * ```
 */
export function clip(text: string, n: number): string {
  if (text.length <= n) return text;
  const cut = text.slice(0, n - 1).replace(/[\s,;:(]+\S*$/, "");
  return `${cut.length ? cut : text.slice(0, n - 1)}…`;
}

/**
 * A unit's head, for a line that names several quantities: "USD million, current, producers' prices" → "USD million".
 * @example
 * ```ts
 * console.log(unitHead("USD million, current, producers' prices")); // USD million
 * ```
 */
export function unitHead(unit: string): string {
  return unit.split(",")[0];
}

/**
 * A count with its noun, singular or plural: "1 figure", "3 figures" (`plural` for irregular nouns).
 * @example
 * ```ts
 * console.log(counted(1, "sector"), counted(3, "sector")); // 1 sector 3 sectors
 * console.log(counted(2, "sector-year")); // 2 sector-years
 * ```
 */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? noun : plural}`;
}
