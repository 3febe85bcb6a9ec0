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
  requestInterrupt,
  clearInterrupt,
  throwIfInterrupted,
  InterruptedError,
  type MimeBundle,
  type DisplayHost,
  type Displayable,
} from "../host";
