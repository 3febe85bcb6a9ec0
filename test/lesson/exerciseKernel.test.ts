/**
 * `exercise` in a notebook run by the real nnlab kernel (dist/, built by `npm run build`):
 * a solved exercise prints ✔ and records nnlab's exercise MIME output; a stub prints ✘ with
 * its hint and the notebook goes on to its end.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseNotebook, type CodeCell } from "../../kernel/nbformat";
import { runNotebook } from "../../kernel/runner";
import { EXERCISE_MIME } from "../../lib/lesson";

const root = path.resolve(__dirname, "../..");
const cli = path.join(root, "dist/kernel/cli.js");
let dataDir = "";

beforeAll(() => {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build before these tests`);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-exercise-jupyter-"));
  execFileSync(process.execPath, [cli, "kernel", "install"], { env: { ...process.env, JUPYTER_DATA_DIR: dataDir } });
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const SOLVED = `import { exercise, tf } from "nnlab";
class MySigmoid {
  out?: tf.Tensor;
  forward(x: tf.Tensor): tf.Tensor {
    this.out = tf.div(1, tf.add(1, tf.exp(tf.neg(x))));
    return this.out;
  }
  backward(dout: tf.Tensor): tf.Tensor {
    return tf.mul(dout, tf.mul(this.out!, tf.sub(1, this.out!)));
  }
}
const solved = exercise("sigmoid-backward", MySigmoid);`;

const STUB = `class Stub {
  forward(_x: tf.Tensor): tf.Tensor {
    throw new Error("not implemented yet");
  }
  backward(_dout: tf.Tensor): tf.Tensor {
    throw new Error("not implemented yet");
  }
}
const stubbed = exercise("sigmoid-backward", Stub);`;

const END = `console.log("the end", solved, stubbed);`;

it("records ✔, ✘ with its hint, and nnlab's exercise output through the real kernel, and reaches the end", async () => {
  const cells = [SOLVED, STUB, END].map((source, i) => ({
    cell_type: "code",
    execution_count: null,
    id: `exercise-${i}`,
    metadata: {},
    outputs: [],
    source,
  }));
  const nb = parseNotebook(
    JSON.stringify({
      cells,
      metadata: { kernelspec: { display_name: "nnlab", language: "typescript", name: "nnlab" } },
      nbformat: 4,
      nbformat_minor: 5,
    }),
  );
  const done = await runNotebook(nb, { source: "exercise.ipynb", kernelDir: path.join(dataDir, "kernels", "nnlab") });
  const outputs = done.cells
    .filter((c): c is CodeCell => c.cell_type === "code")
    .map((c) => c.outputs as { output_type: string; text?: string | string[]; data?: Record<string, unknown> }[]);
  const text = (o: { text?: string | string[] }) => (Array.isArray(o.text) ? o.text.join("") : (o.text ?? ""));

  expect(outputs[0].map((o) => o.output_type)).toEqual(["stream", "display_data"]);
  expect(text(outputs[0][0])).toMatch(/^✔ sigmoid-backward: /);
  expect(outputs[0][1].data?.[EXERCISE_MIME]).toMatchObject({ id: "sigmoid-backward", passed: true, hint: null });
  expect(outputs[0][1].data?.["text/plain"]).toContain("exercise sigmoid-backward: passed");

  expect(text(outputs[1][0])).toMatch(/^✘ sigmoid-backward: your code is not written yet .*not implemented yet/);
  expect(outputs[1][1].data?.[EXERCISE_MIME]).toMatchObject({
    id: "sigmoid-backward",
    passed: false,
    hint: expect.stringContaining("not implemented yet"),
  });

  expect(text(outputs[2][0])).toBe("the end true false\n");
}, 120_000);
