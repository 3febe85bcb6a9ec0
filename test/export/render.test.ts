/**
 * The renderers as data: ANSI, markdown with math and code, sanitizing, outputs and MIME
 * priority, Plotly embedding.
 */
import {
  ansiToHtml,
  jsonForScript,
  normalizePlotly,
  pickMimeType,
  plotlyHtml,
  renderLatexOutput,
  renderMarkdown,
  renderOutput,
  renderOutputs,
  sanitizeUntrusted,
  scriptForInline,
  Slugger,
  type OutputContext,
} from "../../kernel/export";

const ctx = (): OutputContext => {
  let n = 0;
  return { slugger: new Slugger(), nextPlotId: () => `nnlab-plot-${++n}` };
};

describe("ansiToHtml", () => {
  test("colours become spans, text is escaped, resets close", () => {
    expect(ansiToHtml("\x1b[31mError\x1b[0m: <b>&")).toBe('<span class="ansi-red-fg">Error</span>: &lt;b&gt;&amp;');
    expect(ansiToHtml("\x1b[1;92mok\x1b[22m!")).toBe(
      '<span class="ansi-bright-green-fg ansi-bold">ok</span><span class="ansi-bright-green-fg">!</span>',
    );
    expect(ansiToHtml("\x1b[38;5;208mx\x1b[48;2;1;2;3my")).toBe(
      '<span style="color:rgb(255,135,0)">x</span><span style="color:rgb(255,135,0);background-color:rgb(1,2,3)">y</span>',
    );
  });
  test("other escapes are dropped; carriage returns and backspaces act like a terminal", () => {
    expect(ansiToHtml("a\x1b[2Kb\x1b]8;;http://x\x07link\x1b]8;;\x07")).toBe("ablink");
    expect(ansiToHtml("10%\r50%\r100%\ndone")).toBe("100%\ndone");
    expect(ansiToHtml("abc\x08\x08d")).toBe("ad");
    expect(ansiToHtml("<script>alert(1)</script>")).toBe("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
  test("out-of-range colour values never reach a style attribute", () => {
    expect(ansiToHtml("\x1b[38;2;999;0;0mx")).toBe("x");
    expect(ansiToHtml('\x1b[38;5;"onmouseover=1mx')).not.toContain("onmouseover");
  });
});

describe("renderMarkdown", () => {
  const render = (src: string) => renderMarkdown(src, { slugger: new Slugger() });

  test("math in all four delimiters renders with KaTeX; prices and code stay text", () => {
    const { html } = render(
      "Inline $a_1 + b$ and \\(x^2\\).\n\n$$\n\\frac{a}{b}\n$$\n\n\\[ y = Wx \\]\n\nIt costs $5 and $10. `$not math$`",
    );
    expect(html.match(/class="katex"/g)).toHaveLength(4);
    expect(html.match(/class="katex-display"/g)).toHaveLength(2);
    expect(html).toContain("It costs $5 and $10.");
    expect(html).toContain("<code>$not math$</code>");
    expect(html).toContain('<annotation encoding="application/x-tex">a_1 + b</annotation>');
  });

  test("underscores and backslashes inside math are not markdown", () => {
    const { html } = render("$x_i \\cdot y_i$ and $\\{a\\}$");
    expect(html).not.toContain("<em>");
    expect(html).toContain("x_i \\cdot y_i</annotation>");
    expect(html).toContain("\\{a\\}</annotation>");
  });

  test("code fences are highlighted (TypeScript grammar) and escaped", () => {
    const { html } = render("```ts\nconst x: number = 1; // </script>\n```");
    expect(html).toContain('<code class="hljs language-ts"><span class="hljs-keyword">const</span>');
    expect(html).toContain("&lt;/script&gt;");
  });

  test("headings get unique ids and anchors; the summary parts are found", () => {
    const slugger = new Slugger();
    const a = renderMarkdown("# Lesson $\\sigma$\n\nFirst *paragraph*.\n\n## What you will learn\n\n- one\n- two\n\n## Part", { slugger });
    const b = renderMarkdown("## Part", { slugger });
    expect(a.headings).toEqual([
      { level: 1, id: "lesson-sigma", text: "Lesson \\sigma" },
      { level: 2, id: "what-you-will-learn", text: "What you will learn" },
      { level: 2, id: "part", text: "Part" },
    ]);
    expect(b.headings[0].id).toBe("part-1");
    expect(a.html).toContain('<h2 id="part">Part<a class="nnlab-anchor" href="#part"');
    expect(a.firstParagraph).toBe("<p>First <em>paragraph</em>.</p>");
    expect(a.learnList).toBe("<ul>\n<li>one</li>\n<li>two</li>\n</ul>");
  });

  test("the learn list is also found under a lead-in paragraph, as the lessons write it, but not under prose that mentions it", () => {
    const lead = renderMarkdown("# 01 Backprop\n\nWhat you will learn:\n\n- the chain rule\n- gates\n\n## Setup", {
      slugger: new Slugger(),
    });
    expect(lead.learnList).toBe("<ul>\n<li>the chain rule</li>\n<li>gates</li>\n</ul>");
    const prose = renderMarkdown(
      "# Lesson\n\nIn this part we revisit what you will learn in the next lesson, and more besides.\n\n- not a summary",
      { slugger: new Slugger() },
    );
    expect(prose.learnList).toBeUndefined();
  });

  test("raw HTML is sanitized: no script, handlers, javascript: links, frames, remote images, ids", () => {
    const { html } = render(
      '<script>alert(1)</script>\n\n<img src=x onerror="alert(1)" alt="pic"> [a](javascript:alert(1)) <a href="javascript:alert(1)">b</a>\n\n' +
        '<iframe src="https://e.org"></iframe><div id="Plotly" onclick="alert(1)">d</div> ![r](https://e.org/r.png)',
    );
    expect(html).not.toMatch(/<script|onerror|onclick|javascript:[^<]*<\/a>|href="javascript|<iframe|id="Plotly"|src="https/i);
    expect(html).toContain('<span class="nnlab-blocked-image"');
    expect(html).toContain(">pic</span>");
  });

  test("a notebook cannot forge the exporter's placeholders", () => {
    const { html } = render("nnlabph000000000000000000000000x0x and $x$");
    expect(html).toContain("nnlabph000000000000000000000000x0x");
  });

  test("KaTeX refuses \\href with javascript: (trust is off)", () => {
    const { html } = render("$\\href{javascript:alert(1)}{x}$");
    expect(html).not.toContain('href="javascript');
  });
});

describe("sanitizeUntrusted", () => {
  test("keeps formatting, tables and safe styles; drops url() styles and event handlers", () => {
    expect(sanitizeUntrusted('<table border="1"><tr><td colspan="2" style="text-align:right">1</td></tr></table>')).toBe(
      '<table border="1"><tr><td colspan="2" style="text-align:right">1</td></tr></table>',
    );
    expect(sanitizeUntrusted('<p style="color:red;background:url(https://e.org/t.png)" onmouseover="x()">t</p>')).toBe(
      '<p style="color:red">t</p>',
    );
  });
  test("data: images stay, attachments are embedded, links out get rel=noopener", () => {
    expect(sanitizeUntrusted('<img src="data:image/png;base64,iVBO" alt="a">')).toBe('<img src="data:image/png;base64,iVBO" alt="a" />');
    expect(sanitizeUntrusted('<img src="attachment:p.png">', { "p.png": { "image/png": "iVBO" } })).toBe(
      '<img src="data:image/png;base64,iVBO" />',
    );
    expect(sanitizeUntrusted('<a href="https://e.org">x</a>')).toBe('<a href="https://e.org" rel="noopener noreferrer nofollow">x</a>');
    expect(sanitizeUntrusted('<img src="data:text/html;base64,PHNjcmlwdD4=">')).toContain("nnlab-blocked-image");
  });
  test("mutation-XSS shapes come out inert", () => {
    const out = sanitizeUntrusted(
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math><noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    );
    expect(out).not.toMatch(/onerror|<img/);
  });
});

describe("outputs", () => {
  test("MIME priority follows Jupyter: plotly > html > svg > png > jpeg > markdown > latex > plain", () => {
    const all: Record<string, unknown> = {
      "application/vnd.plotly.v1+json": {},
      "text/html": "",
      "image/svg+xml": "",
      "image/png": "",
      "image/jpeg": "",
      "text/markdown": "",
      "text/latex": "",
      "application/json": {},
      "text/plain": "",
    };
    const order: string[] = [];
    const bundle = { ...all };
    while (Object.keys(bundle).length > 0) {
      const mime = pickMimeType(bundle);
      if (mime === undefined) break;
      order.push(mime);
      delete bundle[mime];
    }
    expect(order).toEqual(Object.keys(all));
    expect(pickMimeType({ "application/x-unknown": 1 })).toBeUndefined();
  });

  test("stream outputs of one stream merge; stderr is marked; text is escaped", () => {
    const html = renderOutputs(
      [
        { output_type: "stream", name: "stdout", text: ["a <b>\n"] },
        { output_type: "stream", name: "stdout", text: "\x1b[32mc\x1b[0m\n" },
        { output_type: "stream", name: "stderr", text: "warn\n" },
      ],
      ctx(),
    );
    expect(html.match(/nnlab-stdout/g)).toHaveLength(1);
    expect(html).toContain('a &lt;b&gt;\n<span class="ansi-green-fg">c</span>');
    expect(html).toContain('nnlab-stderr"><pre>warn');
  });

  test("errors show the ANSI traceback, or ename: evalue when it is empty", () => {
    expect(renderOutput({ output_type: "error", ename: "E", evalue: "v", traceback: ["\x1b[31mE\x1b[0m: v", "  at f"] }, ctx())).toContain(
      '<pre><span class="ansi-red-fg">E</span>: v\n  at f</pre>',
    );
    expect(renderOutput({ output_type: "error", ename: "RangeError", evalue: "<x>", traceback: [] }, ctx())).toContain(
      "RangeError: &lt;x&gt;",
    );
  });

  test("images: base64 checked, size from metadata, alt from text/plain escaped; SVG goes into an <img>", () => {
    const png = renderOutput(
      {
        output_type: "display_data",
        data: { "image/png": "iVBO\nRw==\n", "text/plain": '"><script>x</script>' },
        metadata: { "image/png": { width: 56, height: '9" onload="x' } },
      },
      ctx(),
    );
    expect(png).toContain(
      '<img class="nnlab-image" src="data:image/png;base64,iVBORw==" alt="&quot;&gt;&lt;script&gt;x&lt;/script&gt;" width="56">',
    );
    const bad = renderOutput({ output_type: "display_data", data: { "image/png": 'AAA" onerror="x' }, metadata: {} }, ctx());
    expect(bad).not.toContain("<img");
    const svg = renderOutput(
      { output_type: "display_data", data: { "image/svg+xml": "<svg onload='x'><script>x</script></svg>" }, metadata: {} },
      ctx(),
    );
    expect(svg).toMatch(/<img class="nnlab-image" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+"/);
    expect(svg).not.toContain("<svg");
  });

  test("execute_result has its Out[n] prompt; html, markdown, latex, json and plain render", () => {
    const c = ctx();
    expect(renderOutput({ output_type: "execute_result", execution_count: 3, data: { "text/plain": "1" }, metadata: {} }, c)).toContain(
      "Out[3]:",
    );
    expect(renderOutput({ output_type: "display_data", data: { "text/html": "<b>x</b><script>y</script>" }, metadata: {} }, c)).toContain(
      '<div class="nnlab-html"><b>x</b></div>',
    );
    expect(renderOutput({ output_type: "display_data", data: { "text/markdown": "**m** $x$" }, metadata: {} }, c)).toMatch(
      /<strong>m<\/strong> <span class="katex">/,
    );
    expect(renderOutput({ output_type: "display_data", data: { "text/latex": "$$x^2$$" }, metadata: {} }, c)).toContain(
      'class="katex-display"',
    );
    expect(renderOutput({ output_type: "display_data", data: { "application/json": { a: "<" } }, metadata: {} }, c)).toContain(
      "&quot;a&quot;: &quot;&lt;&quot;",
    );
    expect(renderOutput({ output_type: "display_data", data: { "application/x-widget": {} }, metadata: {} }, c)).toContain("not shown");
  });

  test("text/latex without delimiters and with environments renders as display math", () => {
    expect(renderLatexOutput("\\begin{aligned} a &= b \\end{aligned}")).toContain("katex-display");
    expect(renderLatexOutput("\\[ x \\]")).toContain('<annotation encoding="application/x-tex"> x </annotation>');
  });
});

describe("Plotly embedding", () => {
  test("the JSON cannot end its script element; the chart element and data are linked", () => {
    const fig = normalizePlotly({ data: [{ y: [1], name: "</script><script>alert(1)</script><!--" }], layout: {} });
    const html = plotlyHtml("nnlab-plot-1", fig);
    const inside = html.slice(html.indexOf(">", html.indexOf("<script")) + 1, html.lastIndexOf("</script>"));
    expect(inside).not.toMatch(/<|>/);
    expect(JSON.parse(inside).data[0].name).toBe("</script><script>alert(1)</script><!--");
    expect(html).toContain(
      '<div class="nnlab-plot" id="nnlab-plot-1"></div><script type="application/json" class="nnlab-plot-data" data-target="nnlab-plot-1">',
    );
  });
  test("network features are removed: remote layout images, topojson URL, Chart Studio links", () => {
    const fig = normalizePlotly({
      data: [],
      layout: { images: [{ source: "https://e.org/x.png" }, { source: "data:image/png;base64,AA" }] },
      config: { topojsonURL: "https://cdn/", showLink: true },
    });
    expect(fig.layout.images).toEqual([{ source: "data:image/png;base64,AA" }]);
    expect(fig.config).toMatchObject({ showLink: false, displaylogo: false, responsive: true });
    expect(fig.config.topojsonURL).toBeUndefined();
  });
  test("bad payloads are reported, not thrown into the page", () => {
    expect(() => normalizePlotly([1])).toThrow(/Plotly output: expected an object with "data", got an array/);
    expect(
      renderOutput({ output_type: "display_data", data: { "application/vnd.plotly.v1+json": { data: 3 } }, metadata: {} }, ctx()),
    ).toContain("Plotly output: &quot;data&quot; must be an array");
  });
  test("jsonForScript and scriptForInline escape what would end a script element", () => {
    expect(jsonForScript({ a: "</script>\u2028&" })).toBe('{"a":"\\u003c/script\\u003e\\u2028\\u0026"}');
    expect(scriptForInline('var s="</script><!--"')).toBe('var s="<\\/script><\\!--"');
    expect(() => jsonForScript(undefined)).toThrow(TypeError);
  });
});
