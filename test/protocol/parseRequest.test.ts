/**
 * parseRequest: a request's content is checked once where it arrives; what passes has every
 * field the handlers read, with the protocol's defaults; what does not is a TypeError naming
 * the request, the field, what was expected and what came (the kernel's error reply says it).
 */
import { parseRequest } from "../../kernel/protocol";

describe("parseRequest", () => {
  it("fills an execute_request's optional fields with the protocol's defaults", () => {
    expect(parseRequest("execute_request", { code: "1 + 1" })).toEqual({
      msg_type: "execute_request",
      content: { code: "1 + 1", silent: false, store_history: true, user_expressions: {}, allow_stdin: true, stop_on_error: true },
    });
    const sent = { code: "x", silent: true, store_history: false, user_expressions: { a: "x" }, allow_stdin: false, stop_on_error: false };
    expect(parseRequest("execute_request", sent)?.content).toEqual(sent);
  });

  it("puts a missing cursor at the end of the code, counted in code points", () => {
    expect(parseRequest("complete_request", { code: "𝑥 = Math.ab" })?.content).toEqual({ code: "𝑥 = Math.ab", cursor_pos: 11 });
    expect(parseRequest("inspect_request", { code: "Math", cursor_pos: 2, detail_level: 1 })?.content).toEqual({
      code: "Math",
      cursor_pos: 2,
      detail_level: 1,
    });
  });

  it("reads null as a missing optional field (Python clients send None)", () => {
    expect(parseRequest("history_request", { hist_access_type: "tail", n: null, output: null })?.content).toMatchObject({
      hist_access_type: "tail",
      n: undefined,
      output: false,
    });
  });

  it("names the request, the field, what was expected and what came", () => {
    const cases: [string, unknown, string][] = [
      ["execute_request", { code: 5 }, 'execute_request: "code" must be a string, got 5'],
      ["execute_request", {}, 'execute_request: "code" must be a string, got nothing (the field is missing)'],
      ["execute_request", { code: "", silent: "yes" }, 'execute_request: "silent" must be true or false, got "yes"'],
      ["execute_request", { code: "", user_expressions: { a: 1 } }, 'execute_request: "user_expressions.a" must be a string, got 1'],
      [
        "complete_request",
        { code: "x", cursor_pos: -1 },
        'complete_request: "cursor_pos" must be a whole number of code points >= 0, got -1',
      ],
      ["history_request", { hist_access_type: "tail", n: "10" }, 'history_request: "n" must be a number, got "10"'],
      ["comm_open", { target_name: "t" }, 'comm_open: "comm_id" must be a string, got nothing (the field is missing)'],
      ["shutdown_request", { restart: 1 }, 'shutdown_request: "restart" must be true or false, got 1'],
      ["is_complete_request", [], "is_complete_request: content must be a JSON object, got []"],
      ["kernel_info_request", null, "kernel_info_request: content must be a JSON object, got null"],
    ];
    for (const [type, content, message] of cases) {
      expect(() => parseRequest(type, content)).toThrow(new TypeError(message));
    }
  });

  it("cuts a long received value short in the message", () => {
    expect(() => parseRequest("is_complete_request", { code: ["x".repeat(100)] })).toThrow(/got \["x{50,}\.\.\.$/);
  });

  it("gives undefined for a message type nnlab does not answer, whatever its content", () => {
    expect(parseRequest("comm_msg", 5)).toBeUndefined();
    expect(parseRequest("toString", {})).toBeUndefined();
  });
});
