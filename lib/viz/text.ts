/** Escapes text for SVG content and attribute values: the same five characters as HTML. @internal */
export { escapeHtml as escapeXml } from "../ground/html";

/**
 * A number as a short label: at most 4 significant digits, no float noise
 * (715.0000000000001 -> "715", 0.000123456 -> "0.0001235", 1234567 -> "1.235e+6").
 *
 * @internal
 */
export function formatNumber(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(digits - 1).replace(/\.?0+e/, "e");
  return String(Number(value.toPrecision(digits)));
}

/** An integer with thin thousands separators for tables: 1234567 -> "1,234,567". @internal */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** Bytes as "12.3 KB" / "4.1 MB" (powers of 1024). @internal */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}
