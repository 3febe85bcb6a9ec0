/** The global the snapshot's patched compiler reads its parsed files from (fileName -> SourceFile). */
export const PARSED_FILES_GLOBAL = "__nnlabParsedFiles__";

/** The global that names the blob a process started from (set only in such a process). */
export const STARTED_FROM_GLOBAL = "__nnlabStartedFromSnapshot__";
