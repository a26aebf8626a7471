/** One plan-LP solve by ioplan's HiGHS (WebAssembly), in its own process. usage: tsx bench/planCase.ts LP_DIR [METHOD] */
import { loadHighs, solveWithHighs } from "../src/solvers/highs.ts";
import { readLp } from "./lpFiles.ts";
import { rss } from "./procMemory.ts";

const [dir, method = "auto"] = process.argv.slice(2);
const lp = readLp(dir);
const h = await loadHighs();
const base = rss("VmRSS");
const s = solveWithHighs(h, lp, { method: method as "auto" });
console.log(JSON.stringify({ seconds: s.seconds, status: s.status, objective: s.objective, method: s.method, gap: s.gap, primalResidual: s.primalResidual, peak_rss: rss("VmHWM"), base_rss: base }));
