/** What every view is given: the workspace as found now, the model and plan chosen, and the bar to show on top. */
import type { WorkspaceView } from "../api.ts";
import type { Route, Selection } from "../selection.ts";

export interface Context {
  ws: WorkspaceView;
  route: Route;
  sel: Selection;
  /** The pickers and the workspace's problems, placed under each view's heading. */
  top: HTMLElement[];
}
