/**
 * Stands in for Node's fs in the page bundle: the renderers import notebook.ts, whose file
 * reading the page never calls (it renders outputs it got from the worker).
 */

/** Throws: a page has no files. */
export function readFileSync(file: string): never {
  throw new Error(`not available in the browser: reading ${file}`);
}
