/** The global the snapshot's patched compiler reads its parsed files from (fileName -> SourceFile). */
export const PARSED_FILES_GLOBAL = "__nnlabParsedFiles__";
