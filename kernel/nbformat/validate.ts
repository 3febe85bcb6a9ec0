import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import schema from "./nbformat.v4.5.schema.json";
import type { Notebook } from "./types";

/** A notebook that does not validate against the nbformat 4.5 schema. */
export class NotebookValidationError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: not a valid nbformat 4.5 notebook:\n  ${problems.join("\n  ")}`);
    this.name = "NotebookValidationError";
  }
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  // The official schema declares draft-04; the keywords it uses (type, required, properties,
  // additionalProperties, oneOf, enum, pattern, min/maxLength, items, minimum, $ref to
  // #/definitions) mean the same in ajv's default draft-07, so only the $schema tag is dropped.
  const { $schema: _drop, ...body } = schema as Record<string, unknown>;
  void _drop;
  const ajv = new Ajv({ allErrors: true, strict: false });
  compiled = ajv.compile(body);
  return compiled;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath === "" ? "(notebook)" : e.instancePath;
  const extra = e.keyword === "additionalProperties" ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"` : "";
  return `${where}: ${e.message ?? e.keyword}${extra}`;
}

/**
 * The schema problems of a notebook, as "path: message" lines; empty when it is valid.
 * Only nbformat 4.5 and later minor versions are checked against this schema.
 * @example if (validateNotebook(nb).length) ...
 */
export function validateNotebook(nb: unknown): string[] {
  const validate = validator();
  if (validate(nb)) {
    return duplicateIds(nb as Notebook);
  }
  // A oneOf over cell or output kinds reports every branch; drop the branches whose
  // cell_type/output_type does not match, so what remains is the real cause.
  const errors = validate.errors ?? [];
  const wrongBranches = errors
    .filter((e) => e.keyword === "enum" && /\/(cell_type|output_type)$/.test(e.instancePath))
    .map((e) => e.schemaPath.replace(/\/properties\/(cell_type|output_type)\/enum$/, "/"));
  const chosen = errors.filter((e) => e.keyword !== "oneOf" && !wrongBranches.some((b) => e.schemaPath.startsWith(b)));
  return [...new Set((chosen.length ? chosen : errors).map(describe))];
}

function duplicateIds(nb: Notebook): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  nb.cells.forEach((cell, i) => {
    if (seen.has(cell.id)) problems.push(`/cells/${i}/id: duplicate cell id "${cell.id}"`);
    seen.add(cell.id);
  });
  return problems;
}

/**
 * Throws unless the notebook validates against the nbformat 4.5 schema (and has unique cell ids).
 * @param source names the notebook in the error (a path, usually).
 * @throws NotebookValidationError listing every problem.
 */
export function assertValidNotebook(nb: unknown, source = "notebook"): asserts nb is Notebook {
  const problems = validateNotebook(nb);
  if (problems.length) throw new NotebookValidationError(source, problems);
}
