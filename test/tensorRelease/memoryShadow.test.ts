import { createMemoryShadow } from "../../kernel/tensorRelease";

const MB = 1024 * 1024;

describe("memoryShadow", () => {
  test("small growth waits until it adds up to a step of 4 MB; the step is then held in one buffer", () => {
    const shadow = createMemoryShadow();
    shadow.grew(1 * MB);
    shadow.grew(2 * MB);
    expect(shadow.bytes).toBe(0);
    shadow.grew(1 * MB);
    expect(shadow.bytes).toBe(4 * MB);
    shadow.grew(10 * MB);
    expect(shadow.bytes).toBe(14 * MB);
  });

  test("shrinkTo drops the oldest buffers until no more than the given bytes are held", () => {
    const shadow = createMemoryShadow();
    for (let i = 0; i < 5; i++) shadow.grew(8 * MB);
    expect(shadow.bytes).toBe(40 * MB);
    shadow.shrinkTo(20 * MB);
    expect(shadow.bytes).toBe(16 * MB);
    shadow.shrinkTo(0);
    expect(shadow.bytes).toBe(0);
    shadow.grew(3 * MB);
    expect(shadow.bytes).toBe(0);
  });
});
