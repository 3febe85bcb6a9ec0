import { describeValue } from "../../errors";
import { diagnoseNumber, formatNumber } from "../diagnose";
import { defineGrader } from "../grader";

/** A gate of the apple example on plain numbers: `forward(x, y)`, `backward(dout)` -> `[dx, dy]`. */
export interface NumberGate {
  forward(x: number, y: number): number;
  backward(dout: number): [number, number] | readonly number[];
}

/** The learner's two gate classes, constructed without arguments as in the book. */
export interface MulAddSolution {
  readonly MulLayer: new () => NumberGate;
  readonly AddLayer: new () => NumberGate;
}

const show = (v: unknown): string => (typeof v === "number" ? formatNumber(v) : describeValue(v));

type Mistake = { readonly value: number; readonly hint: string };

function pairHint(
  what: string,
  got: unknown,
  expected: [number, number],
  mistakes: readonly { value: [number, number]; hint: string }[] = [],
): string | undefined {
  if (!Array.isArray(got) || got.length !== 2) {
    return `${what} should return an array of two numbers [dx, dy], got ${describeValue(got)}`;
  }
  for (const m of mistakes) {
    if (diagnoseNumber("", got[0], m.value[0]) === undefined && diagnoseNumber("", got[1], m.value[1]) === undefined) {
      return `${what} returned [${show(got[0])}, ${show(got[1])}]: ${m.hint}`;
    }
  }
  return diagnoseNumber(`${what}[0] (dx)`, got[0], expected[0]) ?? diagnoseNumber(`${what}[1] (dy)`, got[1], expected[1]);
}

/**
 * Lesson 01, the apples and oranges of "Deep Learning from Scratch" 5.4: MulLayer and
 * AddLayer with their backward passes, on plain numbers.
 *
 * @example
 * class MulLayer { x = 0; y = 0; forward(x: number, y: number) { this.x = x; this.y = y; return x * y; }
 *   backward(dout: number): [number, number] { return [dout * this.y, dout * this.x]; } }
 * class AddLayer { forward(x: number, y: number) { return x + y; } backward(dout: number): [number, number] { return [dout, dout]; } }
 * exercise("mul-add-backward", { MulLayer, AddLayer });
 */
export const mulAddBackward = defineGrader<MulAddSolution>({
  id: "mul-add-backward",
  title: "MulLayer and AddLayer forward and backward, and the apples-and-oranges graph (price 715, dapple 2.2, dorange 3.3, dtax 650)",
  grade(solution, run) {
    run.check("the solution has MulLayer and AddLayer classes", () => {
      if (typeof solution !== "object" || solution === null) return `pass { MulLayer, AddLayer }, got ${describeValue(solution)}`;
      if (typeof solution.MulLayer !== "function") return `MulLayer should be a class, got ${describeValue(solution.MulLayer)}`;
      if (typeof solution.AddLayer !== "function") return `AddLayer should be a class, got ${describeValue(solution.AddLayer)}`;
    });
    const { MulLayer, AddLayer } = solution;
    run.check("MulLayer forward(100, 2) = 200 and backward(1.1) = [2.2, 110]", () => {
      const mul = new MulLayer();
      const y = mul.forward(100, 2);
      const forwardHint = diagnoseNumber("MulLayer forward(100, 2)", y, 200, {
        mistakes: [{ value: 102, hint: "it added x and y: a multiply gate returns x * y" }],
      });
      if (forwardHint !== undefined) return forwardHint;
      return pairHint(
        "MulLayer backward(1.1)",
        mul.backward(1.1),
        [2.2, 110],
        [
          { value: [110, 2.2], hint: "the gradients are not swapped: dx = dout * y and dy = dout * x (each input gets the other input)" },
          { value: [2, 100], hint: "multiply by dout: dx = dout * y and dy = dout * x" },
          { value: [1.1, 1.1], hint: "that is an add gate's backward: a multiply gate gives dx = dout * y and dy = dout * x" },
        ],
      );
    });
    run.check("AddLayer forward(200, 450) = 650 and backward(1.3) = [1.3, 1.3]", () => {
      const add = new AddLayer();
      const mistakes: Mistake[] = [{ value: 90000, hint: "it multiplied x and y: an add gate returns x + y" }];
      const forwardHint = diagnoseNumber("AddLayer forward(200, 450)", add.forward(200, 450), 650, { mistakes });
      if (forwardHint !== undefined) return forwardHint;
      return pairHint(
        "AddLayer backward(1.3)",
        add.backward(1.3),
        [1.3, 1.3],
        [
          { value: [1, 1], hint: "pass dout on unchanged: dx = dout and dy = dout (not 1)" },
          { value: [0.65, 0.65], hint: "do not split dout between the inputs: each input gets all of it, dx = dy = dout" },
          { value: [450, 200], hint: "that is a multiply gate's backward: an add gate gives dx = dout and dy = dout" },
        ],
      );
    });
    run.check("the apples-and-oranges graph: price 715; dapple 2.2, dappleNum 110, dorange 3.3, dorangeNum 165, dtax 650", () => {
      const mulApple = new MulLayer();
      const mulOrange = new MulLayer();
      const addFruit = new AddLayer();
      const mulTax = new MulLayer();
      const applePrice = mulApple.forward(100, 2);
      const orangePrice = mulOrange.forward(150, 3);
      const allPrice = addFruit.forward(applePrice, orangePrice);
      const price = mulTax.forward(allPrice, 1.1);
      const priceHint = diagnoseNumber("the price", price, 715);
      if (priceHint !== undefined) return priceHint;
      const [dallPrice, dtax] = mulTax.backward(1);
      const [dapplePrice, dorangePrice] = addFruit.backward(dallPrice);
      const [dapple, dappleNum] = mulApple.backward(dapplePrice);
      const [dorange, dorangeNum] = mulOrange.backward(dorangePrice);
      return (
        diagnoseNumber("dtax", dtax, 650) ??
        diagnoseNumber("dapple", dapple, 2.2) ??
        diagnoseNumber("dappleNum", dappleNum, 110) ??
        diagnoseNumber("dorange", dorange, 3.3) ??
        diagnoseNumber("dorangeNum", dorangeNum, 165)
      );
    });
    run.check("MulLayer backward matches finite differences on negative and fractional inputs", () => {
      const x = -1.5;
      const y = 0.25;
      const dout = -2;
      const h = 1e-6;
      const f = (a: number, b: number) => new MulLayer().forward(a, b) * dout;
      const mul = new MulLayer();
      mul.forward(x, y);
      return pairHint("MulLayer backward(-2) after forward(-1.5, 0.25)", mul.backward(dout), [
        (f(x + h, y) - f(x - h, y)) / (2 * h),
        (f(x, y + h) - f(x, y - h)) / (2 * h),
      ]);
    });
  },
});
