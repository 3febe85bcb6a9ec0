/**
 * The platform seam: the one place lib/ reaches the machine it runs on. Everything else in
 * lib/ calls `platform.<what>` and imports no Node module.
 *
 * How the side is chosen: this file always imports ./node; package.json's "browser" field
 * maps ./lib/platform/node and ./dist/lib/platform/node to ./browser, so a bundler building
 * for the browser (esbuild with platform "browser", webpack, rollup's node-resolve with
 * browser: true) swaps the whole Node side out, while Node, ts-jest and tsc never look at
 * that field. test/platform/browserBundle.test.ts proves the swap with esbuild.
 */
export { platform } from "./node";
export { notAvailable } from "./platform";
export type { FileStat, InspectOptions, Platform, PlatformWorker, WorkerContext, WorkerModule } from "./platform";
