/**
 * What the kernel process got from its startup snapshot, for its log: whether it started from
 * one, and how many declaration files the compiler took from it instead of parsing them.
 */
import { parsedFiles, STARTED_FROM_GLOBAL } from "./snapshotGlobals";

/** One phrase for the kernel's log, e.g. "startup snapshot: 149 of its 149 declaration files reused". */
export function snapshotUse(): string {
  const files = parsedFiles();
  if ((globalThis as Record<string, unknown>)[STARTED_FROM_GLOBAL] === undefined) return "no startup snapshot";
  if (files === undefined) return "startup snapshot without its parsed files (another compiler file than it was built for)";
  return `startup snapshot: ${files.hits ?? 0} of its ${files.size} declaration files reused`;
}
