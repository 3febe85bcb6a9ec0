/** tslab's `isNode` / `isBrowser` / `versions`, answered for the runtime nnlab runs in. */
import { platform } from "../platform";

/**
 * True when the code runs in Node.js (nnlab's kernel, a script).
 *
 * @example
 * if (isNode) console.log(versions.node);
 */
export const isNode: boolean = platform.name === "node";

/**
 * True when the code runs in a browser page or worker (nnlab's live lessons).
 *
 * @example
 * if (isBrowser) console.log(navigator.userAgent);
 */
export const isBrowser: boolean = !isNode;

/** The version strings tslab reports. */
export interface Versions {
  tslab: string;
  typescript: string;
  node: string;
}

/**
 * The versions of tslab (whose TypeScript engine nnlab's kernel runs), TypeScript and Node
 * ("" where one is not present).
 *
 * @example
 * versions.node; // "v20.20.2"
 */
export const versions: Versions = {
  get tslab(): string {
    return packageVersion("tslab");
  },
  get typescript(): string {
    return packageVersion("@tslab/typescript-for-tslab");
  },
  node: platform.nodeVersion,
};

function packageVersion(packageName: string): string {
  try {
    // Read only when asked, and only where the packages are installed (not in a browser).
    const file = platform.joinPath(platform.packageDir(packageName), "package.json");
    return (JSON.parse(platform.readTextFile(file)) as { version: string }).version;
  } catch {
    return "";
  }
}
