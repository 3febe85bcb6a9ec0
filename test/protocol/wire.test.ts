import { createHmac } from "crypto";
import { DELIMITER, WireError, decodeMessage, encodeMessage, makeMessage, newHeader, sign } from "../../kernel/protocol";

describe("protocol wire format", () => {
  const key = "a-secret-key";

  it("encodes identities, delimiter, HMAC-SHA256 over the four JSON frames, then buffers", () => {
    const msg = makeMessage("execute_request", { code: "1+1" }, "sess-1", { msg_id: "p" }, "me");
    msg.buffers = [Buffer.from([1, 2, 3])];
    const frames = encodeMessage(msg, key, [Buffer.from("id-a"), Buffer.from("id-b")]);
    expect(frames.length).toBe(2 + 1 + 1 + 4 + 1);
    expect(frames[2].equals(DELIMITER)).toBe(true);
    const hmac = createHmac("sha256", key);
    for (const f of frames.slice(4, 8)) hmac.update(f);
    expect(frames[3].toString()).toBe(hmac.digest("hex"));
    expect(JSON.parse(frames[4].toString()).msg_type).toBe("execute_request");
    expect(JSON.parse(frames[5].toString())).toEqual({ msg_id: "p" });
    expect(JSON.parse(frames[7].toString())).toEqual({ code: "1+1" });
  });

  it("round-trips a message with identities and buffers", () => {
    const msg = makeMessage("stream", { name: "stdout", text: "héllo\n" }, "s");
    msg.buffers = [Buffer.from("raw")];
    const { identities, msg: back } = decodeMessage(encodeMessage(msg, key, [Buffer.from("peer")]), key);
    expect(identities.map(String)).toEqual(["peer"]);
    expect(back.header).toEqual(msg.header);
    expect(back.content).toEqual({ name: "stdout", text: "héllo\n" });
    expect(back.buffers.map(String)).toEqual(["raw"]);
  });

  it("rejects a tampered frame, a wrong key, a missing delimiter and short messages", () => {
    const frames = encodeMessage(makeMessage("status", { execution_state: "idle" }, "s"), key);
    const tampered = frames.slice();
    tampered[5] = Buffer.from(JSON.stringify({ execution_state: "busy" }));
    expect(() => decodeMessage(tampered, key)).toThrow(WireError);
    expect(() => decodeMessage(tampered, key)).toThrow(/invalid HMAC-SHA256 signature/);
    expect(() => decodeMessage(frames, "other-key")).toThrow(/signature/);
    expect(() => decodeMessage(frames.slice(1), key)).toThrow(/no "<IDS\|MSG>" delimiter/);
    expect(() => decodeMessage(frames.slice(0, 4), key)).toThrow(/expected a signature and 4 JSON frames/);
  });

  it("with an empty key, signs nothing and accepts any signature", () => {
    expect(sign("", ["x"])).toBe("");
    const frames = encodeMessage(makeMessage("status", {}, "s"), "");
    expect(frames[1].toString()).toBe("");
    expect(decodeMessage(frames, "").msg.header.msg_type).toBe("status");
  });

  it("reports a JSON frame that does not parse", () => {
    const frames = encodeMessage(makeMessage("status", {}, "s"), "");
    frames[5] = Buffer.from("{not json");
    expect(() => decodeMessage(frames, "")).toThrow(/content frame is not JSON/);
  });

  it("newHeader gives unique ids, version 5.3 and an ISO date", () => {
    const a = newHeader("kernel_info_request", "s", "u");
    const b = newHeader("kernel_info_request", "s", "u");
    expect(a.msg_id).not.toBe(b.msg_id);
    expect(a.version).toBe("5.3");
    expect(new Date(a.date).toISOString()).toBe(a.date);
    expect(() => newHeader("", "s")).toThrow(TypeError);
  });
});
