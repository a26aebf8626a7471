import { HttpError } from "./httpError.ts";

/** A long request (a scenario comparison) running in the background, polled at /api/jobs/<id>. */
export interface Job {
  id: string;
  status: "running" | "done" | "failed";
  /** Who asked (the client's address), for the per-client cap. */
  client: string;
  progress: { done: number; total: number; what: string };
  result?: unknown;
  error?: string;
  started: number;
}

/**
 * The running jobs: at most `perClient` per client and `total` in all (beyond them: 429), each reporting its
 * progress; finished jobs are kept ten minutes for their result.
 */
export class JobQueue {
  private readonly jobs = new Map<string, Job>();
  private counter = 0;
  constructor(private readonly limits: { perClient: number; total: number }) {}

  /** How many are running. */
  running(): number {
    return [...this.jobs.values()].filter((j) => j.status === "running").length;
  }

  /** A job by id, or undefined. */
  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /** Starts `run` for `client`, or refuses with 429 when the client or the server has as many as it may. */
  start(client: string, run: (progress: (done: number, total: number, what: string) => void) => Promise<unknown>): Job {
    const running = [...this.jobs.values()].filter((j) => j.status === "running");
    const { perClient, total } = this.limits;
    if (running.length >= total)
      throw new HttpError(429, `${running.length} comparisons are running (at most ${total}); try again shortly`);
    if (running.filter((j) => j.client === client).length >= perClient)
      throw new HttpError(
        429,
        `you have ${perClient} comparisons running (at most ${perClient} a client); wait for one (GET /api/jobs/<id>)`,
      );
    const job: Job = {
      id: `job-${++this.counter}`,
      client,
      status: "running",
      progress: { done: 0, total: 1, what: "queued" },
      started: Date.now(),
    };
    this.jobs.set(job.id, job);
    run((done, total, what) => (job.progress = { done, total, what }))
      .then((r) => {
        job.status = "done";
        job.result = r;
      })
      .catch((e: Error) => {
        job.status = "failed";
        job.error = e.message;
      });
    for (const [k, j] of this.jobs) if (j.status !== "running" && Date.now() - j.started > 600_000) this.jobs.delete(k);
    return job;
  }
}
