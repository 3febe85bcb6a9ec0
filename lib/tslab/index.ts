/**
 * nnlab's own "tslab" module: what a cell gets from `import * as tslab from "tslab"` in nnlab's
 * kernel (kernel/engine/nnlabModule.ts maps the name here, for the compiler and at run time).
 */
export { display, newDisplay, type Display } from "./display";
export { isNode, isBrowser, versions, type Versions } from "./environment";
