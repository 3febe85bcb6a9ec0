/**
 * Debian's Chromium for the browser tests, launched headless the way this machine needs it: no
 * sandbox (root), and none of Chromium's own background connections (the network is closed).
 */
import { existsSync } from "fs";
import { chromium, type Browser } from "playwright-core";

/** Where the tests find Chromium (CHROMIUM_PATH overrides Debian's path). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Launches headless Chromium; `webgl: true` keeps its (software) GPU for WebGL pages.
 *
 * @example
 * const browser = await launchChromium();
 */
export async function launchChromium({ webgl = false }: { webgl?: boolean } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
  return chromium.launch({ executablePath: CHROMIUM, args: webgl ? args : [...args, "--disable-gpu"] });
}
