/**
 * The live page's tsconfig (kernel/livePage/tsconfig.json) gives no Node types: a Node import in
 * page code is a compile error there, while the same code compiles under the main tsconfig.
 */
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import ts from "typescript";

const ROOT = resolve(__dirname, "..", "..");

function diagnostics(configFile: string, file: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    configFile,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (config === undefined) throw new Error(`cannot read ${configFile}`);
  const program = ts.createProgram([file], { ...config.options, rootDir: undefined, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
}

test("importing fs in page code fails to compile under the page's tsconfig, and compiles under the main one", () => {
  // Outside the tree, so no other type check running meanwhile can see it.
  const dir = mkdtempSync(join(tmpdir(), "nnlab-page-types-"));
  const probe = join(dir, "nodeImport.ts");
  writeFileSync(probe, 'import { readFileSync } from "fs";\n\nexport const read = readFileSync;\nexport const cwd = process.cwd;\n');
  try {
    const page = diagnostics(join(ROOT, "kernel", "livePage", "tsconfig.json"), probe);
    expect(page).toEqual([
      expect.stringMatching(/^TS2307: Cannot find module 'fs'/),
      expect.stringMatching(/^TS2\d+: Cannot find name 'process'/),
    ]);
    expect(diagnostics(join(ROOT, "tsconfig.json"), probe)).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
