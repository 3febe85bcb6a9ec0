/**
 * The browser side of the seam as the type checker sees it: the live page's tsconfig
 * (kernel/livePage/tsconfig.json) resolves "./node" to this file through moduleSuffixes, as
 * esbuild does through package.json's "browser" field, so the page is checked without Node's
 * types. Node, ts-jest and the main tsconfig never look for it.
 */
export { platform } from "./browser";
