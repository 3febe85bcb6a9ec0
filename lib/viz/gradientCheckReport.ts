import type { TableFigure } from "../ground/figure";
import { describe } from "./numeric";
import { formatNumber } from "./text";

/** One parameter's result in a gradient check (lib/train's gradientCheck report). */
export interface GradientCheckParamResult {
  readonly relativeError: number;
  readonly maxAbsDiff: number;
  readonly pass: boolean;
}

/** The report lib/train's `gradientCheck(net, x, t)` returns. */
export interface GradientCheckReportInput {
  readonly params: Readonly<Record<string, GradientCheckParamResult>>;
  readonly tolerance: number;
  readonly pass: boolean;
}

/**
 * A gradient-check report as a table: every parameter with its relative error
 * (analytic vs numerical gradient), the largest absolute difference, the tolerance and
 * pass/fail. Rows carry the class "pass" or "fail" so HTML can colour them.
 *
 * @example
 * gradientCheckReport(gradientCheck(net, x, t));
 */
export function gradientCheckReport(report: GradientCheckReportInput): TableFigure {
  const where = "gradientCheckReport";
  if (typeof report !== "object" || report === null || typeof report.params !== "object" || report.params === null) {
    throw new TypeError(
      `${where}: report must be { params: { name: { relativeError, maxAbsDiff, pass } }, tolerance, pass }, got ${describe(report)}`,
    );
  }
  if (typeof report.tolerance !== "number" || !(report.tolerance > 0)) {
    throw new RangeError(`${where}: report.tolerance must be a number > 0, got ${describe(report.tolerance)}`);
  }
  const names = Object.keys(report.params);
  if (names.length === 0) throw new TypeError(`${where}: report.params is empty; the check found no parameters`);
  const rows = names.map((name) => {
    const r = report.params[name];
    if (
      typeof r !== "object" ||
      r === null ||
      typeof r.relativeError !== "number" ||
      typeof r.maxAbsDiff !== "number" ||
      typeof r.pass !== "boolean"
    ) {
      throw new TypeError(
        `${where}: report.params["${name}"] must be { relativeError: number, maxAbsDiff: number, pass: boolean }, got ${describe(r)}`,
      );
    }
    return [
      name,
      formatNumber(r.relativeError, 3),
      formatNumber(r.maxAbsDiff, 3),
      formatNumber(report.tolerance, 3),
      r.pass ? "pass" : "FAIL",
    ];
  });
  const failed = names.filter((n) => !report.params[n].pass);
  return {
    kind: "table",
    title: report.pass
      ? `Gradient check passed: all ${names.length} parameters within relative error ${formatNumber(report.tolerance, 3)}`
      : `Gradient check FAILED for ${failed.length} of ${names.length} parameters: ${failed.join(", ")}`,
    columns: ["Parameter", "Relative error", "Max |analytic - numerical|", "Tolerance", "Result"],
    rows,
    rowClasses: names.map((n) => (report.params[n].pass ? "pass" : "fail")),
  };
}
