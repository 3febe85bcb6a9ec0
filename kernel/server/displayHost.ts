import type { DisplayHost, MimeBundle } from "../../lib/hooks";
import type { ClearOutputContent, DisplayDataContent, IopubType } from "../protocol";

/**
 * The kernel's display host: show/display/update/clearOutput in a cell become display_data,
 * update_display_data and clear_output messages of the running cell.
 *
 * @example setDisplayHost(kernelDisplayHost((type, content) => iopub(runningId, type, content)));
 */
export function kernelDisplayHost(iopub: (msgType: IopubType, content: object) => void): DisplayHost {
  return {
    display(bundle: MimeBundle, displayId?: string) {
      const content: DisplayDataContent = { data: bundle, metadata: {}, transient: displayId ? { display_id: displayId } : {} };
      iopub("display_data", content);
    },
    update(bundle: MimeBundle, displayId: string) {
      const content: DisplayDataContent = { data: bundle, metadata: {}, transient: { display_id: displayId } };
      iopub("update_display_data", content);
    },
    clear(wait: boolean) {
      const content: ClearOutputContent = { wait };
      iopub("clear_output", content);
    },
  };
}
