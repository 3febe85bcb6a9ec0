/**
 * What the kernel process got from its startup snapshot, for its log: whether it started from
 * one, and how many declaration files the compiler took from it instead of parsing them.
 */
import { PARSED_FILES_GLOBAL, STARTED_FROM_GLOBAL } from "./snapshotGlobals";

/** One phrase for the kernel's log, e.g. "startup snapshot: 149 of its 149 declaration files reused". */
export function snapshotUse(): string {
  const files = (globalThis as Record<string, unknown>)[PARSED_FILES_GLOBAL] as (Map<string, unknown> & { hits?: number }) | undefined;
  if ((globalThis as Record<string, unknown>)[STARTED_FROM_GLOBAL] === undefined) return "no startup snapshot";
  if (files === undefined) return "startup snapshot without its parsed files (another compiler file than it was built for)";
  return `startup snapshot: ${files.hits ?? 0} of its ${files.size} declaration files reused`;
}
