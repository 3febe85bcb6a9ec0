/** The global the snapshot's patched compiler reads its parsed files from (fileName -> SourceFile). */
export const PARSED_FILES_GLOBAL = "__nnlabParsedFiles__";

/** The global that names the blob a process started from (set only in such a process). */
export const STARTED_FROM_GLOBAL = "__nnlabStartedFromSnapshot__";

/** The snapshot's cache of parsed files (`hits`: how many the compiler took), where the process has one. */
export function parsedFiles<File = unknown>(): (Map<string, File> & { hits?: number }) | undefined {
  return (globalThis as Record<string, unknown>)[PARSED_FILES_GLOBAL] as (Map<string, File> & { hits?: number }) | undefined;
}
