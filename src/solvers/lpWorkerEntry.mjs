// Entry of the LP worker thread (lpWorker.ts): installs tsx's loader in this thread, then runs the TypeScript worker.
// (Node 20 does not apply the parent's module hooks to workers reliably.)
import { register } from "tsx/esm/api";

register();
await import("./lpWorker.ts");
