export { show, display, type DisplayHandle } from "./show";
export { clearOutput, type ClearOutputOptions } from "./clearOutput";
export { mimeBundle } from "./mimeBundle";
export { figureBundle, tableHtml, tableText } from "./figureBundle";
export { tensorBundle } from "./tensorBundle";
export { plotlyHtml, resetPlotlyInlining } from "./plotlyHtml";
export { tensorMemory, type TensorMemoryReport } from "./tensorMemory";
export {
  toMimeBundle,
  isDisplayable,
  displayHost,
  setDisplayHost,
  type MimeBundle,
  type DisplayHost,
  type Displayable,
} from "../ground/displaySeam";
export { requestInterrupt, clearInterrupt, throwIfInterrupted, InterruptedError } from "../ground/interruptWatch";
