/**
 * ANSI escape sequences (colours in tracebacks and in stream text) to escaped HTML spans,
 * the way Jupyter shows them: the 16 colours as classes, 256-colour and true colour as
 * inline rgb styles, bold/italic/underline; every other escape sequence is dropped.
 */
import { escapeHtml } from "../../lib/host";
import { ANSI_ESCAPES, collapseCarriageReturns, stripControlChars } from "../terminal";

const NAMES = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"];

interface Style {
  fg?: string; // a class suffix ("red", "bright-red") or "rgb(r,g,b)"
  bg?: string;
  bold: boolean;
  faint: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
}

const plain = (): Style => ({ bold: false, faint: false, italic: false, underline: false, inverse: false });

function xterm256(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 0 || n > 255) return undefined;
  if (n < 8) return NAMES[n];
  if (n < 16) return `bright-${NAMES[n - 8]}`;
  if (n < 232) {
    const i = n - 16;
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    return `rgb(${level(Math.floor(i / 36))},${level(Math.floor(i / 6) % 6)},${level(i % 6)})`;
  }
  const grey = 8 + (n - 232) * 10;
  return `rgb(${grey},${grey},${grey})`;
}

function byte(v: number | undefined): number | undefined {
  return v !== undefined && Number.isInteger(v) && v >= 0 && v <= 255 ? v : undefined;
}

/** Applies one SGR parameter list ("1;31", "38;5;208") to a style. */
function applySgr(style: Style, params: number[]): Style {
  const s = { ...style };
  if (params.length === 0) params = [0];
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p === 0) Object.assign(s, plain(), { fg: undefined, bg: undefined });
    else if (p === 1) s.bold = true;
    else if (p === 2) s.faint = true;
    else if (p === 3) s.italic = true;
    else if (p === 4) s.underline = true;
    else if (p === 7) s.inverse = true;
    else if (p === 22) s.bold = s.faint = false;
    else if (p === 23) s.italic = false;
    else if (p === 24) s.underline = false;
    else if (p === 27) s.inverse = false;
    else if (p >= 30 && p <= 37) s.fg = NAMES[p - 30];
    else if (p === 39) s.fg = undefined;
    else if (p >= 40 && p <= 47) s.bg = NAMES[p - 40];
    else if (p === 49) s.bg = undefined;
    else if (p >= 90 && p <= 97) s.fg = `bright-${NAMES[p - 90]}`;
    else if (p >= 100 && p <= 107) s.bg = `bright-${NAMES[p - 100]}`;
    else if (p === 38 || p === 48) {
      let colour: string | undefined;
      if (params[i + 1] === 5) {
        colour = xterm256(params[i + 2]);
        i += 2;
      } else if (params[i + 1] === 2) {
        const [r, g, b] = [byte(params[i + 2]), byte(params[i + 3]), byte(params[i + 4])];
        if (r !== undefined && g !== undefined && b !== undefined) colour = `rgb(${r},${g},${b})`;
        i += 4;
      }
      if (colour !== undefined) {
        if (p === 38) s.fg = colour;
        else s.bg = colour;
      }
    }
  }
  return s;
}

function openTag(style: Style): string {
  const classes: string[] = [];
  const css: string[] = [];
  let fg = style.fg;
  let bg = style.bg;
  if (style.inverse) [fg, bg] = [bg ?? "default-inverse-fg", fg ?? "default-inverse-bg"];
  // Colour values come only from the tables above or from validated bytes, never from the text.
  if (fg !== undefined) {
    if (fg.startsWith("rgb(")) css.push(`color:${fg}`);
    else classes.push(`ansi-${fg}-fg`);
  }
  if (bg !== undefined) {
    if (bg.startsWith("rgb(")) css.push(`background-color:${bg}`);
    else classes.push(`ansi-${bg}-bg`);
  }
  if (style.bold) classes.push("ansi-bold");
  if (style.faint) classes.push("ansi-faint");
  if (style.italic) classes.push("ansi-italic");
  if (style.underline) classes.push("ansi-underline");
  if (classes.length === 0 && css.length === 0) return "";
  const cls = classes.length ? ` class="${classes.join(" ")}"` : "";
  const st = css.length ? ` style="${css.join(";")}"` : "";
  return `<span${cls}${st}>`;
}

/**
 * Converts text with ANSI escapes to escaped HTML with colour spans.
 *
 * @example
 * ansiToHtml("\x1b[31mError\x1b[0m: <bad>");
 * // '<span class="ansi-red-fg">Error</span>: &lt;bad&gt;'
 */
export function ansiToHtml(text: string): string {
  text = collapseCarriageReturns(text, "final");
  let html = "";
  let style = plain();
  let open = "";
  let last = 0;
  const emit = (chunk: string) => {
    if (chunk === "") return;
    html += open ? open + escapeHtml(chunk) + "</span>" : escapeHtml(chunk);
  };
  for (const m of text.matchAll(ANSI_ESCAPES)) {
    emit(text.slice(last, m.index));
    last = (m.index ?? 0) + m[0].length;
    if (m[3] === "m" && m[2] === "") {
      const params = m[1] === "" ? [] : m[1].split(/[;:]/).map((p) => (p === "" ? 0 : Number(p)));
      style = applySgr(style, params);
      open = openTag(style);
    }
  }
  emit(text.slice(last));
  return stripControlChars(html);
}
