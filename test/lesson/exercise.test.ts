import * as tf from "@tensorflow/tfjs-core";
import { setDisplayHost, type DisplayHost, type MimeBundle } from "../../lib/ground/displaySeam";
import { EXERCISE_MIME, exercise, exerciseIds, gradeExercise, registerGrader, defineGrader, diagnoseNumber } from "../../lib/lesson";
import * as lib from "../../lib";
import { AddLayer, Affine, MulLayer, Sigmoid, SoftmaxWithLoss, Stub } from "./solutions";

/** Runs `exercise` with stdout and the display host captured. */
function run(id: string, solution: unknown): { passed: boolean; printed: string; bundles: MimeBundle[] } {
  const bundles: MimeBundle[] = [];
  const host: DisplayHost = { display: (b) => void bundles.push(b), update: () => undefined };
  const previous = setDisplayHost(host);
  const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    const passed = exercise(id, solution);
    return { passed, printed: write.mock.calls.map((c) => String(c[0])).join(""), bundles };
  } finally {
    write.mockRestore();
    setDisplayHost(previous);
  }
}

describe("exercise", () => {
  it("knows lesson 01's exercises", () => {
    expect(exerciseIds()).toEqual(
      expect.arrayContaining(["mul-add-backward", "sigmoid-backward", "affine-forward-backward", "softmax-with-loss-backward"]),
    );
    expect(lib.exercise).toBe(exercise);
  });

  it.each([
    ["mul-add-backward", { MulLayer, AddLayer }],
    ["sigmoid-backward", Sigmoid],
    ["affine-forward-backward", Affine],
    ["softmax-with-loss-backward", SoftmaxWithLoss],
  ])("passes the reference solution of %s, prints ✔ and displays the structured result", (id, solution) => {
    const { passed, printed, bundles } = run(id, solution);
    expect(passed).toBe(true);
    expect(printed).toMatch(new RegExp(`^✔ ${id}: .+\\n$`));
    expect(bundles).toHaveLength(1);
    const data = bundles[0][EXERCISE_MIME] as {
      id: string;
      passed: boolean;
      hint: string | null;
      checks: { name: string; passed: boolean }[];
    };
    expect(data).toEqual({ id, passed: true, hint: null, checks: expect.any(Array) });
    expect(data.checks.length).toBeGreaterThanOrEqual(3);
    expect(data.checks.every((c) => c.passed && typeof c.name === "string")).toBe(true);
    expect(bundles[0]["text/plain"]).toContain(`exercise ${id}: passed`);
    // The bundle is plain JSON: what a notebook stores and `nnlab grade` reads back.
    expect(JSON.parse(JSON.stringify(bundles[0][EXERCISE_MIME]))).toEqual(data);
  });

  it("prints ✘ with the hint, returns false and never throws for a stub that throws", () => {
    const { passed, printed, bundles } = run("sigmoid-backward", Stub);
    expect(passed).toBe(false);
    expect(printed).toMatch(/^✘ sigmoid-backward: .*not written yet.*not implemented yet/);
    const data = bundles[0][EXERCISE_MIME] as { passed: boolean; hint: string; checks: { passed: boolean; hint?: string }[] };
    expect(data.passed).toBe(false);
    expect(data.hint).toContain("not implemented yet");
    expect(data.checks.at(-1)).toEqual({ name: expect.any(String), passed: false, hint: data.hint });
  });

  it("fails a constructor that throws, and a solution that is not a class, with a hint", () => {
    class Throws {
      constructor() {
        throw new Error("oops");
      }
    }
    expect(gradeExercise("sigmoid-backward", Throws).hint).toContain("your code threw an error: Error: oops");
    expect(gradeExercise("sigmoid-backward", 42).hint).toContain("pass your Sigmoid class, got number 42");
    expect(gradeExercise("mul-add-backward", MulLayer).hint).toBe("pass { MulLayer, AddLayer }, got a function (MulLayer)");
    expect(gradeExercise("mul-add-backward", { MulLayer }).hint).toBe("AddLayer should be a class, got undefined");
  });

  it("names the known ids for an unknown one", () => {
    const { passed, printed } = run("afine-backward", Affine);
    expect(passed).toBe(false);
    expect(printed).toContain('✘ afine-backward: no exercise is called "afine-backward"');
    expect(printed).toContain("affine-forward-backward");
  });

  it("goes on when the display host fails", () => {
    const previous = setDisplayHost({
      display: () => {
        throw new Error("host down");
      },
      update: () => undefined,
    });
    const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(exercise("sigmoid-backward", Sigmoid)).toBe(true);
    } finally {
      write.mockRestore();
      setDisplayHost(previous);
    }
  });

  it.each([
    ["mul-add-backward", { MulLayer, AddLayer }],
    ["sigmoid-backward", Sigmoid],
    ["affine-forward-backward", Affine],
    ["softmax-with-loss-backward", SoftmaxWithLoss],
    ["sigmoid-backward", Stub],
  ])("leaks no tensor grading %s", (id, solution) => {
    gradeExercise(id, solution); // warm up: the backend's first calls may allocate for good
    const before = tf.memory().numTensors;
    gradeExercise(id, solution);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("leaks no tensor when the solution throws halfway through a step", () => {
    class ThrowsAfterWork extends Affine {
      override backward(dout: tf.Tensor): tf.Tensor {
        super.backward(dout);
        return tf.matMul(dout, this.W); // [N, out] x [in, out]: tf throws on the inner shapes
      }
    }
    gradeExercise("affine-forward-backward", ThrowsAfterWork);
    const before = tf.memory().numTensors;
    const result = gradeExercise("affine-forward-backward", ThrowsAfterWork);
    expect(result.hint).toContain("a matrix is probably not transposed");
    expect(tf.memory().numTensors).toBe(before);
  });

  it("takes a course's own grader through the registry", () => {
    registerGrader(
      defineGrader<(x: number) => number>({
        id: "test-double",
        title: "doubles a number",
        grade(double, r) {
          r.check("double(2) is 4", () => diagnoseNumber("double(2)", double(2), 4));
        },
      }),
    );
    expect(gradeExercise("test-double", (x: number) => 2 * x).passed).toBe(true);
    expect(gradeExercise("test-double", (x: number) => -2 * x).hint).toBe("double(2) has the wrong sign: expected 4, got -4");
    expect(() => registerGrader(defineGrader({ id: "test-double", title: "", grade: () => undefined }))).toThrow(
      'registerGrader: an exercise "test-double" is already registered',
    );
  });
});
