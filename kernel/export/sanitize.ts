/**
 * HTML from a notebook (markdown cells, text/html outputs) is untrusted, as Jupyter treats a
 * notebook it did not run itself: it may format, but never run script, load anything from
 * the network, embed frames or objects, or clobber the page's globals through id/name.
 */
import sanitizeHtml from "sanitize-html";
import { utf8ToBase64 } from "./utf8Base64";

/** Image attachments of a markdown cell: name -> MIME bundle (nbformat `attachments`). */
export type Attachments = Record<string, Record<string, unknown>>;

const ALLOWED_TAGS = [
  "a",
  "abbr",
  "address",
  "article",
  "aside",
  "b",
  "bdi",
  "bdo",
  "big",
  "blockquote",
  "br",
  "caption",
  "center",
  "cite",
  "code",
  "col",
  "colgroup",
  "dd",
  "del",
  "details",
  "dfn",
  "div",
  "dl",
  "dt",
  "em",
  "figcaption",
  "figure",
  "font",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "i",
  "img",
  "ins",
  "kbd",
  "li",
  "mark",
  "ol",
  "p",
  "pre",
  "q",
  "rp",
  "rt",
  "ruby",
  "s",
  "samp",
  "section",
  "small",
  "span",
  "strike",
  "strong",
  "sub",
  "summary",
  "sup",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "time",
  "tr",
  "tt",
  "u",
  "ul",
  "var",
  "wbr",
];

// A CSS value without url(), expression(), escapes or anything that could fetch or break out.
const SAFE_CSS = /^(?!.*(?:url|expression|image-set|@import)\s*\()[-#%.,\w\s()/'"]*$/i;
const STYLE_PROPS = [
  "color",
  "background-color",
  "text-align",
  "vertical-align",
  "font-weight",
  "font-style",
  "font-size",
  "font-family",
  "text-decoration",
  "white-space",
  "width",
  "max-width",
  "height",
  "padding",
  "padding-left",
  "padding-right",
  "padding-top",
  "padding-bottom",
  "margin",
  "margin-left",
  "margin-right",
  "margin-top",
  "margin-bottom",
  "border",
  "border-collapse",
  "border-left",
  "border-right",
  "border-top",
  "border-bottom",
  "border-color",
  "border-width",
  "border-style",
  "display",
  "float",
  "line-height",
];

const IMAGE_DATA_URI = /^data:image\/(png|jpeg|gif|webp|svg\+xml)(;[a-z0-9=.+-]+)*(;base64)?,[A-Za-z0-9+/=%\s._~-]*$/i;

function attachmentUri(name: string, attachments: Attachments | undefined): string | undefined {
  const bundle = attachments?.[name];
  if (!bundle) return undefined;
  for (const mime of ["image/png", "image/jpeg", "image/gif", "image/webp"]) {
    const data = bundle[mime];
    const b64 = Array.isArray(data) ? data.join("") : data;
    if (typeof b64 === "string" && /^[A-Za-z0-9+/=\s]*$/.test(b64)) return `data:${mime};base64,${b64.replace(/\s+/g, "")}`;
  }
  const svg = bundle["image/svg+xml"];
  const svgText = Array.isArray(svg) ? svg.join("") : svg;
  if (typeof svgText === "string") return `data:image/svg+xml;base64,${utf8ToBase64(svgText)}`;
  return undefined;
}

/**
 * Sanitizes untrusted notebook HTML: an allowlist of formatting tags and attributes; no
 * script/style/iframe/object/form, no event handlers, no id/name, links only to
 * http(s)/mailto/#anchors, images only from embedded data (data: URIs or the cell's
 * attachments; other images become their alt text, so the page fetches nothing).
 *
 * @example
 * sanitizeUntrusted('<img src=x onerror="alert(1)" alt="a">'); // '<span class="nnlab-blocked-image" ...>a</span>'
 */
export function sanitizeUntrusted(html: string, attachments?: Attachments): string {
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    disallowedTagsMode: "discard",
    nonTextTags: [
      "script",
      "style",
      "textarea",
      "option",
      "noscript",
      "title",
      "template",
      "iframe",
      "object",
      "embed",
      "svg",
      "math",
      "select",
      "button",
    ],
    allowedAttributes: {
      "*": ["class", "title", "lang", "dir", "align", "style"],
      a: ["href", "rel"],
      img: ["src", "alt", "width", "height"],
      td: ["colspan", "rowspan", "valign"],
      th: ["colspan", "rowspan", "valign", "scope"],
      table: ["border", "cellpadding", "cellspacing"],
      ol: ["start", "type", "reversed"],
      font: ["color", "size"],
      col: ["span"],
      colgroup: ["span"],
      time: ["datetime"],
      details: ["open"],
    },
    allowedStyles: { "*": Object.fromEntries(STYLE_PROPS.map((p) => [p, [SAFE_CSS]])) },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["data", "attachment"] },
    allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
    allowProtocolRelative: false,
    transformTags: {
      a: (tagName, attribs): sanitizeHtml.Tag => {
        const href = attribs.href;
        if (href === undefined || href.startsWith("#")) return { tagName, attribs };
        return { tagName, attribs: { ...attribs, rel: "noopener noreferrer nofollow" } };
      },
      img: (tagName, attribs): sanitizeHtml.Tag => {
        let src = (attribs.src ?? "").trim();
        if (src.startsWith("attachment:")) src = attachmentUri(decodeURIComponent(src.slice(11)), attachments) ?? "";
        if (IMAGE_DATA_URI.test(src)) return { tagName, attribs: { ...attribs, src } };
        // An image from the network or from a file the export does not ship: keep its alt text.
        return {
          tagName: "span",
          attribs: { class: "nnlab-blocked-image", title: `image not embedded in the export: ${(attribs.src ?? "").slice(0, 200)}` },
          text: attribs.alt ?? "[image]",
        };
      },
    },
    parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
  });
}
