/**
 * The errors that are the user's input, not ioplan's fault: every error ioplan raises on purpose is an IoplanError
 * (engine, file formats, the store, the report, the CLI's own usage errors), with a stable `code`. The CLI prints its
 * message after "ioplan:" and exits 2; anything else is a bug (a stack trace, exit 1). The fuzz harness holds every
 * reader to the same rule.
 */
import { IoplanError } from "../engine/index.ts";

/** Whether an error is the user's input (exit 2, message only). */
export function isInputError(e: unknown): boolean {
  return e instanceof IoplanError;
}
