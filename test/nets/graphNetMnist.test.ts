import { loadMnist } from "../../lib/data/mnist";
import { GraphNet } from "../../lib/nets/graphNet";
import { netFromSchema } from "../../lib/schema/netFromSchema";
import { accuracy } from "../../lib/train/accuracy";
import { Trainer } from "../../lib/train/trainer";

/** Two branches (a 3x3 and a 1x1 convolution) joined by Concat, plus a residual Eltwise SUM. */
const SCHEMA = `name: "branchy"
input: "data" input_shape { dim: 1 dim: 1 dim: 28 dim: 28 } input: "label"
layer { name: "a" type: "Convolution" bottom: "data" top: "a" convolution_param { num_output: 4 kernel_size: 3 pad: 1 weight_filler { type: "msra" } } }
layer { name: "b" type: "Convolution" bottom: "data" top: "b" convolution_param { num_output: 4 kernel_size: 1 weight_filler { type: "msra" } } }
layer { name: "sum" type: "Eltwise" bottom: "a" bottom: "b" top: "sum" }
layer { name: "cat" type: "Concat" bottom: "sum" bottom: "a" top: "cat" }
layer { name: "relu" type: "ReLU" bottom: "cat" top: "cat" }
layer { name: "pool" type: "Pooling" bottom: "cat" top: "pool" pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
layer { name: "fc" type: "InnerProduct" bottom: "pool" top: "fc" inner_product_param { num_output: 10 weight_filler { type: "xavier" } } }
layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc" bottom: "label" top: "loss" }`;

describe("GraphNet on real MNIST", () => {
  test("the Trainer trains a schema-built GraphNet (one thread): 1,000 images, 2 epochs, > 80% on 500 test images", async () => {
    const { train, test: testSet } = loadMnist({ normalize: true, trainLimit: 1000, testLimit: 500 });
    const net = netFromSchema(SCHEMA, { seed: 3 });
    expect(net).toBeInstanceOf(GraphNet);
    const before = accuracy(net, testSet);
    const trainer = new Trainer(net, train, testSet, {
      epochs: 2,
      batchSize: 50,
      optimizer: "adam",
      optimizerParams: { lr: 0.005 },
      evaluateSample: "all",
      verbose: false,
      seed: 3,
    });
    const history = await trainer.fit();
    const after = history.epochs[1].testAcc;
    expect(before).toBeLessThan(0.3);
    expect(after).toBeGreaterThan(0.8);
    trainer.dispose();
    net.dispose();
  });
});
