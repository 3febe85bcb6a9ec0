import { check, isQuick, LessonCheckError, quickOr } from "../../lib/lesson";

describe("quick mode", () => {
  const saved = process.env.NNLAB_QUICK;
  afterEach(() => {
    if (saved === undefined) delete process.env.NNLAB_QUICK;
    else process.env.NNLAB_QUICK = saved;
  });

  it("follows NNLAB_QUICK", () => {
    process.env.NNLAB_QUICK = "1";
    expect(isQuick()).toBe(true);
    expect(quickOr(1, 20)).toBe(1);
    process.env.NNLAB_QUICK = "0";
    expect(isQuick()).toBe(false);
    expect(quickOr(1, 20)).toBe(20);
    delete process.env.NNLAB_QUICK;
    expect(quickOr("q", "full")).toBe("full");
  });
});

describe("check", () => {
  it("passes a true claim and throws LessonCheckError naming a false one", () => {
    const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(() => check(true, "2 + 2 is 4")).not.toThrow();
      expect(write).toHaveBeenCalledWith("✔ 2 + 2 is 4\n");
    } finally {
      write.mockRestore();
    }
    expect(() => check(false, "the output is 14x14")).toThrow(LessonCheckError);
    expect(() => check(false, "the output is 14x14")).toThrow("lesson check failed: the output is 14x14");
  });
});
