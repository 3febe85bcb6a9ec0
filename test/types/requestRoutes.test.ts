/**
 * Adding a kernel request type is a compile error until it is routed and handled: the kernel's
 * own sources are compiled with a new request type added to RequestContent (in memory), and the
 * compiler must name what is missing (its parser, its route, the handler on the thread it is
 * routed to), and nothing once all of them are there.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "../..");
const REQUESTS = "kernel/protocol/requests.ts";
const PARSERS = "kernel/protocol/parseRequest.ts";
const ROUTES = "kernel/server/requestRoutes.ts";
const MAIN = "kernel/server/kernelMain.ts";
const PROTOCOL = "kernel/server/protocolThread.ts";

const config = ts.parseJsonConfigFileContent(
  ts.readConfigFile(path.join(ROOT, "tsconfig.json"), (f) => ts.sys.readFile(f)).config,
  ts.sys,
  ROOT,
);
const options: ts.CompilerOptions = { ...config.options, noEmit: true };
/** Unedited source files, parsed once for all the compilations. */
const parsed = new Map<string, ts.SourceFile | undefined>();

type Edits = Record<string, (text: string) => string>;

/** `text` with `line` inserted after the line that contains `anchor` (which must be there). */
function after(anchor: string, line: string): (text: string) => string {
  return (text) => {
    const at = text.indexOf(anchor);
    if (at < 0) throw new Error(`the fixture's anchor ${JSON.stringify(anchor)} is no longer in the source: update this test`);
    const end = text.indexOf("\n", at) + 1;
    return text.slice(0, end) + line + "\n" + text.slice(end);
  };
}

/** "file: message" for each error the kernel's server and protocol files have with `edits` applied. */
function compileErrors(edits: Edits): string[] {
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, onError) => {
    const edit = edits[path.relative(ROOT, fileName)];
    if (edit) return ts.createSourceFile(fileName, edit(fs.readFileSync(fileName, "utf8")), language, true);
    if (!parsed.has(fileName)) parsed.set(fileName, read(fileName, language, onError));
    return parsed.get(fileName);
  };
  const program = ts.createProgram(
    [MAIN, PROTOCOL].map((f) => path.join(ROOT, f)),
    options,
    host,
  );
  return program
    .getSourceFiles()
    .filter((sf) => /^kernel\/(server|protocol)\//.test(path.relative(ROOT, sf.fileName)))
    .flatMap((sf) => program.getSemanticDiagnostics(sf).concat(program.getSyntacticDiagnostics(sf)))
    .map((d) => `${path.relative(ROOT, d.file?.fileName ?? "?")}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
}

/** A compilation of the kernel takes ~10 s, the first (which parses everything) up to ~40 s on a loaded machine. */
const COMPILE_TIMEOUT_MS = 300_000;

/** Which files the errors are in. */
const filesOf = (errors: string[]) => [...new Set(errors.map((e) => e.slice(0, e.indexOf(":"))))].sort();

// The steps CONTRIBUTING.md gives for a new message, for a made-up "debug_request".
const addType: Edits = { [REQUESTS]: after("  interrupt_request: EmptyContent;", "  debug_request: EmptyContent;") };
const addParser: Edits = { [PARSERS]: after("  interrupt_request: () => ({}),", "  debug_request: () => ({}),") };
const route = (thread: "main" | "protocol"): Edits => ({
  [ROUTES]: after('  interrupt_request: "protocol",', `  debug_request: "${thread}",`),
});
const addMainHandler: Edits = {
  [MAIN]: after("    is_complete_request: ({ code }, id) =>", '    debug_request: (_content, id) => reply(id, { status: "ok" }),'),
};

describe("a new request type must be routed and handled before the kernel compiles", () => {
  it(
    "the kernel's sources compile as they are",
    () => {
      expect(compileErrors({})).toEqual([]);
    },
    COMPILE_TIMEOUT_MS,
  );

  it(
    "added to RequestContent alone: its parser and its route are missing",
    () => {
      const errors = compileErrors(addType);
      // The first errors name what is missing; the rest follow from them.
      expect(errors).toContainEqual(expect.stringMatching(new RegExp(`^${ROUTES}: .*does not satisfy.*'debug_request' is missing`)));
      expect(errors).toContainEqual(expect.stringMatching(new RegExp(`^${PARSERS}: Property 'debug_request' is missing`)));
    },
    COMPILE_TIMEOUT_MS,
  );

  it(
    "routed to the main thread: the main thread's handler is missing",
    () => {
      const errors = compileErrors({ ...addType, ...addParser, ...route("main") });
      expect(filesOf(errors)).toEqual([MAIN]);
      expect(errors.join("\n")).toMatch(/debug_request.*MainHandlers|MainHandlers.*debug_request/);
    },
    COMPILE_TIMEOUT_MS,
  );

  it(
    "routed to the protocol thread: the protocol thread's answer is missing",
    () => {
      const errors = compileErrors({ ...addType, ...addParser, ...route("protocol") });
      expect(filesOf(errors)).toEqual([PROTOCOL]);
      expect(errors.join("\n")).toMatch(/debug_request.*ProtocolAnswers|ProtocolAnswers.*debug_request/);
    },
    COMPILE_TIMEOUT_MS,
  );

  it(
    "with its parser, route and handler it compiles",
    () => {
      expect(compileErrors({ ...addType, ...addParser, ...route("main"), ...addMainHandler })).toEqual([]);
    },
    COMPILE_TIMEOUT_MS,
  );
});
