/**
 * The kernel's history_request answers (tail, range, search with glob, unique and n), as
 * IPython gives them; jupyter_kernel_test checks the wire side.
 */
import { History } from "../../kernel/server/inputHistory";

function filled(): History {
  const h = new History();
  ["6 * 7", '"nn" + "lab"', "6 * 7", "const a = 1;"].forEach((code, i) => h.record(i + 1, code));
  return h;
}

describe("History", () => {
  it("tail gives the last n inputs, with outputs as [input, null] when asked", () => {
    expect(filled().reply({ hist_access_type: "tail", n: 2 }).history).toEqual([
      [1, 3, "6 * 7"],
      [1, 4, "const a = 1;"],
    ]);
    expect(filled().reply({ hist_access_type: "tail", n: 1, output: true }).history).toEqual([[1, 4, ["const a = 1;", null]]]);
  });

  it("range gives execution counts from start up to, not including, stop", () => {
    expect(
      filled()
        .reply({ hist_access_type: "range", start: 2, stop: 4 })
        .history.map((h) => h[1]),
    ).toEqual([2, 3]);
  });

  it("search matches a glob over the whole input, with unique and n", () => {
    const h = filled();
    expect(h.reply({ hist_access_type: "search", pattern: "6 *" }).history.map((e) => e[1])).toEqual([1, 3]);
    expect(h.reply({ hist_access_type: "search", pattern: "6 *", unique: true }).history.map((e) => e[1])).toEqual([1]);
    expect(h.reply({ hist_access_type: "search", pattern: "*", n: 1 }).history.map((e) => e[1])).toEqual([4]);
    expect(h.reply({ hist_access_type: "search", pattern: "(x" }).history).toEqual([]);
  });

  it("answers an unknown access type with an empty history", () => {
    expect(filled().reply({ hist_access_type: "bogus" })).toEqual({ status: "ok", history: [] });
  });
});
