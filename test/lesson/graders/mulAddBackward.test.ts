import { gradeExercise } from "../../../lib/lesson";
import { AddLayer, MulLayer } from "../solutions";

const hintOf = (solution: unknown) => gradeExercise("mul-add-backward", solution).hint ?? "";

describe("mul-add-backward", () => {
  it("passes the book's gates", () => {
    expect(gradeExercise("mul-add-backward", { MulLayer, AddLayer }).passed).toBe(true);
  });

  it("names gradients that are not swapped", () => {
    class NotSwapped extends MulLayer {
      override backward(dout: number): [number, number] {
        return [dout * this.x, dout * this.y];
      }
    }
    expect(hintOf({ MulLayer: NotSwapped, AddLayer })).toBe(
      "MulLayer backward(1.1) returned [110, 2.2]: the gradients are not swapped: dx = dout * y and dy = dout * x (each input gets the other input)",
    );
  });

  it("names a forgotten dout in both gates", () => {
    class NoDout extends MulLayer {
      override backward(): [number, number] {
        return [this.y, this.x];
      }
    }
    expect(hintOf({ MulLayer: NoDout, AddLayer })).toContain("multiply by dout");
    class AddOne extends AddLayer {
      override backward(): [number, number] {
        return [1, 1];
      }
    }
    expect(hintOf({ MulLayer, AddLayer: AddOne })).toContain("pass dout on unchanged");
  });

  it("names a wrong sign and a wrong return shape", () => {
    class Negative extends MulLayer {
      override backward(dout: number): [number, number] {
        return [-dout * this.y, -dout * this.x];
      }
    }
    expect(hintOf({ MulLayer: Negative, AddLayer })).toBe("MulLayer backward(1.1)[0] (dx) has the wrong sign: expected 2.2, got -2.2");
    class OneValue extends AddLayer {
      override backward(dout: number): [number, number] {
        return dout as never;
      }
    }
    expect(hintOf({ MulLayer, AddLayer: OneValue })).toBe(
      "AddLayer backward(1.3) should return an array of two numbers [dx, dy], got number 1.3",
    );
  });
});
