/**
 * Bad input: prototxt schemas and solvers. Unknown fields and blocks are errors with the line,
 * the block, the nearest valid field and all valid ones (Caffe's own parser refuses them too);
 * sizes past what memory can hold are refused before anything is allocated; values are shown
 * as written (inf, "784"); blocks nested without end give an error with the line instead of a
 * stack overflow.
 */
import * as tf from "@tensorflow/tfjs-core";
import { PrototxtSyntaxError, netFromSchema, parsePrototxt, parseSolver } from "../../lib";
import { PROTOTXT_MAX_NESTING } from "../../lib/schema/prototxt";
import { expectRefused } from "./refused";

// Line 1 is empty (the text starts with a newline): conv1 is on line 5, its param block on 6.
const NET = `
name: "tiny"
input: "data"  input_shape { dim: 1 dim: 1 dim: 8 dim: 8 }
input: "label"
layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
  convolution_param { num_output: 2 kernel_size: 3 weight_filler { type: "msra" } } }
layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1"
  pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
layer { name: "fc1" type: "InnerProduct" bottom: "pool1" top: "fc1"
  inner_product_param { num_output: 3 weight_filler { type: "xavier" } } }
layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc1" bottom: "label" top: "loss" }
`;

const SOLVER = `
base_lr: 0.01
momentum: 0.9
max_iter: 10
`;

/** Builds, then frees, so a test that expects success leaves nothing behind. */
function build(text: string): string[] {
  const net = netFromSchema(text, { seed: 0 });
  const names = Object.keys(net.params());
  net.dispose();
  return names;
}

describe("the base schema builds", () => {
  test("regression: the schema these cases change is valid", () => {
    expect(build(NET)).toEqual(["conv1.W", "conv1.b", "fc1.W", "fc1.b"]);
  });
});

describe("unknown fields and blocks", () => {
  test("padding: 1 in convolution_param is refused with the line and pad", () => {
    expectRefused(() => netFromSchema(NET.replace("kernel_size: 3", "kernel_size: 3 padding: 1")), TypeError, [
      "line 6",
      'unknown field "padding"',
      'layer "conv1" convolution_param',
      'did you mean "pad"?',
      "Valid: num_output, kernel_size, stride, pad, dilation, weight_filler, bias_filler",
    ]);
  });

  test("strides: 2 in pooling_param suggests stride", () => {
    expectRefused(() => netFromSchema(NET.replace("stride: 2", "strides: 2")), TypeError, [
      "line 9",
      'unknown field "strides"',
      'layer "pool1" pooling_param',
      'did you mean "stride"?',
    ]);
  });

  test("botom: in a layer suggests bottom", () => {
    expectRefused(() => netFromSchema(NET.replace('bottom: "pool1"', 'botom: "pool1"')), TypeError, [
      "line 10",
      'unknown field "botom" in layer "fc1"',
      'did you mean "bottom"?',
      "Valid: name, type, bottom, top, inner_product_param",
    ]);
  });

  test("a misspelt block convolution_params is named, not blamed on a missing num_output", () => {
    let message = "";
    try {
      netFromSchema(NET.replace("convolution_param {", "convolution_params {"));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('line 6: unknown field "convolution_params" in layer "conv1"; did you mean "convolution_param"?');
    expect(message).not.toContain("num_output");
  });

  test("another type's param block says which block the type reads", () => {
    expectRefused(() => netFromSchema(NET.replace("convolution_param {", "inner_product_param {")), TypeError, [
      'unknown field "inner_product_param" in layer "conv1"',
      "a Convolution layer reads convolution_param",
    ]);
  });

  test("a param block on a type that takes none", () => {
    expectRefused(() => netFromSchema(NET.replace('top: "conv1" }', 'top: "conv1" pooling_param { pool: MAX } }')), TypeError, [
      "line 7",
      'unknown field "pooling_param" in layer "relu1"',
      "a ReLU layer takes no _param block",
      "Valid: name, type, bottom, top",
    ]);
  });

  test("a misspelt top-level field", () => {
    expectRefused(() => netFromSchema(NET.replace('name: "tiny"', 'nme: "tiny"')), TypeError, [
      "line 2",
      'unknown field "nme" in the schema',
      'did you mean "name"?',
      "Valid: name, input, input_shape, layer",
    ]);
  });

  test("layers in the V1 spelling (layers) point to layer", () => {
    expectRefused(() => netFromSchema(NET.replace(/layer \{ name: "relu1"/, 'layers { name: "relu1"')), TypeError, [
      "line 7",
      '"layers"',
      'did you mean "layer"?',
    ]);
  });

  test("Caffe's old input_dim points to input_shape", () => {
    expectRefused(
      () =>
        netFromSchema(NET.replace("input_shape { dim: 1 dim: 1 dim: 8 dim: 8 }", "input_dim: 1 input_dim: 1 input_dim: 8 input_dim: 8")),
      TypeError,
      ["line 3", 'unknown field "input_dim" in the schema', "input_shape { dim: 1"],
    );
  });

  test("input_shape { dims }", () => {
    expectRefused(() => netFromSchema(NET.replace("dim: 1 dim: 1 dim: 8", "dims: 1 dim: 1 dim: 8")), TypeError, [
      "line 3",
      'unknown field "dims" in input_shape',
      'did you mean "dim"?',
    ]);
  });

  test("a filler's misspelt type", () => {
    expectRefused(() => netFromSchema(NET.replace('weight_filler { type: "msra" }', 'weight_filler { typ: "msra" }')), TypeError, [
      'unknown field "typ" in layer "conv1" convolution_param weight_filler',
      'did you mean "type"?',
      "Valid: type, value, std",
    ]);
  });

  test("a Caffe field nnlab does not read is refused, not ignored", () => {
    expectRefused(() => netFromSchema(NET.replace("kernel_size: 3", "kernel_size: 3 bias_term: false")), TypeError, [
      'unknown field "bias_term"',
      "Valid: num_output",
    ]);
  });

  test("a layer without a name is named by its position", () => {
    expectRefused(() => netFromSchema(NET.replace('name: "relu1" type: "ReLU"', 'type: "ReLU" nmae: "relu1"')), TypeError, [
      'unknown field "nmae" in layer 2',
      'did you mean "name"?',
    ]);
  });

  test("a value where a block belongs", () => {
    expectRefused(() => netFromSchema(NET.replace(/convolution_param \{[^}]*\} \}/, "convolution_param: 3")), TypeError, [
      "line 6",
      'field "convolution_param" in layer "conv1" is a block (convolution_param { ... }), got 3',
    ]);
  });

  test("a block where a value belongs", () => {
    expectRefused(() => netFromSchema(NET.replace("num_output: 2", "num_output { n: 2 }")), TypeError, [
      "line 6",
      'field "num_output" in layer "conv1" convolution_param takes a value',
      "got a { ... } block",
    ]);
  });

  test("a field named constructor is a plain field, refused by name", () => {
    expect(parsePrototxt("constructor: 1 __proto__: 2")).toEqual(JSON.parse('{"constructor":[1],"__proto__":[2]}'));
    expectRefused(() => netFromSchema(`constructor: 1\n${NET}`), TypeError, ["line 1", 'unknown field "constructor"']);
  });

  test("a message built in code is checked too, without a line", () => {
    let message = "";
    try {
      netFromSchema({ ...parsePrototxt(NET), nmae: ["x"] });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('netFromSchema: unknown field "nmae" in the schema; did you mean "name"?');
    expect(message).not.toContain("line");
  });

  test("the lines stay out of Object.keys and JSON", () => {
    const msg = parsePrototxt("a: 1\nb { c: 2 }");
    expect(Object.keys(msg)).toEqual(["a", "b"]);
    expect(JSON.stringify(msg)).toBe('{"a":[1],"b":[{"c":[2]}]}');
  });
});

describe("solver fields", () => {
  test("base_rate suggests base_lr", () => {
    expectRefused(() => parseSolver(SOLVER.replace("base_lr", "base_rate")), TypeError, [
      "parseSolver",
      "line 2",
      'unknown field "base_rate" in the solver',
      'did you mean "base_lr"?',
      "Valid: net, type",
    ]);
  });

  test("lr_polcy and maxiter", () => {
    expectRefused(() => parseSolver(`${SOLVER}lr_polcy: "step"`), TypeError, ['"lr_polcy"', 'did you mean "lr_policy"?']);
    expectRefused(() => parseSolver(SOLVER.replace("max_iter", "maxiter")), TypeError, ['"maxiter"', 'did you mean "max_iter"?']);
  });

  test("a Caffe solver field nnlab does not read (solver_mode) is refused", () => {
    expectRefused(() => parseSolver(`${SOLVER}solver_mode: GPU`), TypeError, ["line 5", 'unknown field "solver_mode"', "Valid:"]);
  });

  test("an infinite base_lr is shown as inf", () => {
    expectRefused(() => parseSolver(SOLVER.replace("0.01", "inf")), RangeError, [
      'line 2: field "base_lr" must be a finite number, got inf',
    ]);
  });
});

describe("sizes", () => {
  test("num_output: 1e9 is refused before allocating, naming the layer, the field, the value and the limit", () => {
    const before = tf.memory().numTensors;
    expectRefused(() => netFromSchema(NET.replace("num_output: 3", "num_output: 1e9")), RangeError, [
      'layer "fc1" inner_product_param',
      "num_output 1000000000",
      "on 18 inputs makes W [18, 1000000000] = 18,000,000,000 values",
      "the limit is 268,435,456 values",
    ]);
    expect(tf.memory().numTensors).toBe(before);
  });

  test("a convolution too large for memory", () => {
    expectRefused(() => netFromSchema(NET.replace("num_output: 2", "num_output: 100000000")), RangeError, [
      'layer "conv1" convolution_param',
      "num_output 100000000 with kernel_size 3",
      "W [100000000, 1, 3, 3]",
      "limit",
    ]);
  });

  test("an input too large for memory", () => {
    expectRefused(() => netFromSchema(NET.replace("dim: 8 dim: 8", "dim: 100000 dim: 100000")), RangeError, [
      "input_shape",
      "dim 1, 100000, 100000",
      "limit",
    ]);
  });

  test("num_output: inf is reported as inf, not null", () => {
    let message = "";
    try {
      netFromSchema(NET.replace("num_output: 3", "num_output: inf"));
    } catch (e) {
      expect(e).toBeInstanceOf(RangeError);
      message = (e as Error).message;
    }
    expect(message).toContain('layer "fc1" inner_product_param: line 11: field "num_output" must be a finite number, got inf');
    expect(message).not.toContain("null");
  });

  test("num_output: nan and -inf", () => {
    expectRefused(() => netFromSchema(NET.replace("num_output: 3", "num_output: nan")), RangeError, ["got nan"]);
    expectRefused(() => netFromSchema(NET.replace("num_output: 3", "num_output: -inf")), RangeError, ["got -inf"]);
  });

  test('a string size "784" is reported with its quotes', () => {
    expectRefused(() => netFromSchema(NET.replace("num_output: 3", 'num_output: "784"')), TypeError, [
      'line 11: field "num_output" must be a number, got the string "784"',
    ]);
  });

  test('a string dim "784" is reported with its quotes', () => {
    expectRefused(() => netFromSchema(NET.replace("dim: 8 dim: 8", 'dim: 8 dim: "784"')), TypeError, [
      'field "dim" must hold numbers, got the string "784"',
      "line 3",
    ]);
  });

  test("an inf dim is shown as inf", () => {
    expectRefused(() => netFromSchema(NET.replace("dim: 8 dim: 8", "dim: 8 dim: inf")), RangeError, ["got [1,1,8,inf]"]);
  });

  test("a fractional num_output", () => {
    expectRefused(() => netFromSchema(NET.replace("num_output: 3", "num_output: 2.5")), RangeError, [
      'field "num_output" must be an integer >= 1, got 2.5',
    ]);
  });
});

describe("nesting", () => {
  const nested = (depth: number): string => "a {\n".repeat(depth) + "}\n".repeat(depth);

  test("20,000 nested blocks give an error with the line, not a stack overflow", () => {
    let error: unknown;
    try {
      parsePrototxt(nested(20_000));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PrototxtSyntaxError);
    expect((error as PrototxtSyntaxError).line).toBe(PROTOTXT_MAX_NESTING + 1);
    expect((error as Error).message).toContain(`line ${PROTOTXT_MAX_NESTING + 1}, column 3: block "a" is nested more than 100 blocks deep`);
  });

  test("netFromSchema reports deep nesting the same way", () => {
    expectRefused(() => netFromSchema(nested(20_000)), PrototxtSyntaxError, ["line 101", "nested more than 100"]);
  });

  test("100 nested blocks still parse", () => {
    let msg = parsePrototxt(nested(PROTOTXT_MAX_NESTING));
    for (let i = 0; i < PROTOTXT_MAX_NESTING - 1; i++) msg = msg.a[0] as typeof msg;
    expect(msg.a).toEqual([{}]);
  });

  test("101 do not", () => {
    expect(() => parsePrototxt(nested(PROTOTXT_MAX_NESTING + 1))).toThrow(PrototxtSyntaxError);
  });
});
