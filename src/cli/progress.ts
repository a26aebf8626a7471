/**
 * Progress on a terminal: a bar with an estimate of the time left (or a spinner with the time spent when the
 * total is unknown), drawn on stderr only when it is a terminal, only after the work has taken a second, and
 * never with --quiet or --json. Scripts and pipes see clean output.
 */

let quiet = false;
/** Set by the CLI from --quiet (and by commands printing JSON). */
export function setQuiet(q: boolean): void {
  quiet = q;
}

export interface Progress {
  /** Work done of total (total 0: unknown), with what is being done. */
  update(done: number, total: number, what?: string): void;
  /** Clears the line. */
  end(): void;
}

const NOOP: Progress = { update: () => undefined, end: () => undefined };

const fmt = (s: number) => (s < 60 ? `${s.toFixed(0)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`);

/** A progress display for one task, or one that does nothing when output is not for a person. */
export function progress(
  label: string,
  o: { json?: boolean; stream?: NodeJS.WriteStream; now?: () => number } = {},
): Progress {
  const out = o.stream ?? process.stderr;
  if (quiet || o.json || !out.isTTY || process.env.CI) return NOOP;
  const now = o.now ?? Date.now;
  const start = now();
  let last = 0;
  let shown = false;
  let spin = 0;
  let timer: NodeJS.Timeout | undefined;
  let state = { done: 0, total: 0, what: "" };
  const draw = () => {
    const t = now();
    const elapsed = (t - start) / 1000;
    if (elapsed < 1) return;
    last = t;
    shown = true;
    const width = Math.max(10, Math.min(30, (out.columns ?? 80) - 60));
    let line: string;
    if (state.total > 0) {
      const f = Math.min(1, state.done / state.total);
      const fill = Math.round(f * width);
      const eta = f > 0 ? (elapsed / f) * (1 - f) : NaN;
      line =
        `${label} [${"█".repeat(fill)}${"░".repeat(width - fill)}] ${(f * 100).toFixed(0).padStart(3)} %  ` +
        `${Number.isFinite(eta) ? `~${fmt(eta)} left` : ""}`;
    } else line = `${label} ${"⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"[spin++ % 10]} ${fmt(elapsed)}`;
    if (state.what) line += `  ${state.what}`;
    out.write(`\r\x1b[2K${line.slice(0, (out.columns ?? 80) - 1)}`);
  };
  timer = setInterval(draw, 100);
  timer.unref();
  return {
    update(done, total, what = "") {
      state = { done, total, what };
      if (now() - last >= 100) draw();
    },
    end() {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (shown) out.write("\r\x1b[2K");
    },
  };
}

/** Runs `fn` with a progress display that ends however `fn` ends. */
export async function withProgress<T>(
  label: string,
  o: { json?: boolean },
  fn: (p: Progress) => Promise<T>,
): Promise<T> {
  const p = progress(label, o);
  try {
    return await fn(p);
  } finally {
    p.end();
  }
}
