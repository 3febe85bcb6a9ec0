import { mulberry32 } from "../../lib/random/mulberry32";

describe("mulberry32", () => {
  test("gives the same stream as the copies it replaced (Dropout's mask seeds, test data)", () => {
    const next = mulberry32(42);
    expect([next(), next(), next()]).toEqual([2581720956, 1925393290, 3661312704]);
  });

  test("uses the seed's low 32 bits as unsigned, so -1 and 2^32 - 1 start alike", () => {
    const a = mulberry32(-1);
    const b = mulberry32(4294967295);
    expect([a(), a()]).toEqual([3850105811, 813802916]);
    expect([b(), b()]).toEqual([3850105811, 813802916]);
  });
});
