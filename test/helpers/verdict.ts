import { toMimeBundle } from "../../lib/host";
import type { GradientCheckReport } from "../../lib/train/gradientCheck";

/** "pass", or the report's table so a failure shows every param's error. */
export function verdict(report: GradientCheckReport): string {
  return report.pass ? "pass" : String(report[toMimeBundle]()["text/plain"]);
}
