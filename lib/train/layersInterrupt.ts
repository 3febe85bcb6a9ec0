/**
 * Interrupts for TF.js's own training: `model.fit` / `fitDataset` of a tf.layers model stop
 * within one batch of an interrupt, the way Trainer.fit does.
 */
import * as tfl from "@tensorflow/tfjs-layers";
import { InterruptedError, watchInterrupts, type InterruptWatch } from "../ground/interruptWatch";
import { platform } from "../platform";

type FitArgs = NonNullable<Parameters<tfl.LayersModel["fit"]>[2]>;
type FitDatasetArgs = Parameters<tfl.LayersModel["fitDataset"]>[1];
type Callbacks = NonNullable<FitArgs["callbacks"]>;
type Callback = Extract<Callbacks, unknown[]>[number];
/** LayersModel's own fields that fit() uses; protected in its typings. */
type TrainingModel = tfl.LayersModel & { isTraining: boolean };

/** A fit in progress, by model: an interrupted one is still winding down until its batch ends. */
const running = new WeakMap<object, { watch: InterruptWatch; settled: Promise<void> }>();
const installed = Symbol.for("nnlab.layersInterrupt");

/**
 * Makes every tf.layers `fit` and `fitDataset` (any model, Sequential included: both delegate
 * to LayersModel) watch for interrupts: after the batch during which an interrupt arrives,
 * training stops (`model.stopTraining`) and the call rejects with InterruptedError. The model
 * keeps the weights trained so far, and a later fit waits for an interrupted one to wind down
 * instead of failing with "another fit() call is ongoing". Installing twice changes nothing.
 *
 * @example
 * stopLayersFitOnInterrupt(); // the kernel does this at start
 * await model.fit(xs, ys, { epochs: 100 }); // an interrupt stops it after the current batch
 */
export function stopLayersFitOnInterrupt(): void {
  const proto = tfl.LayersModel.prototype as tfl.LayersModel & { [installed]?: true };
  if (proto[installed]) return;
  proto[installed] = true;
  // Taken off the prototype to be called with each model as `this`, as TF.js itself does.
  const fit: (this: tfl.LayersModel, ...a: Parameters<tfl.LayersModel["fit"]>) => Promise<tfl.History> = Reflect.get(proto, "fit");
  const fitDataset: (this: tfl.LayersModel, ...a: Parameters<tfl.LayersModel["fitDataset"]>) => Promise<tfl.History> = Reflect.get(
    proto,
    "fitDataset",
  );
  proto.fit = function (this: TrainingModel, x, y, args: FitArgs = {}) {
    return watchedFit(this, args, (watched) => fit.call(this, x, y, watched));
  };
  proto.fitDataset = function (this: TrainingModel, dataset: Parameters<tfl.LayersModel["fitDataset"]>[0], args: FitDatasetArgs) {
    return watchedFit(this, args, (watched) => fitDataset.call(this, dataset, watched));
  };
}

async function watchedFit<A extends FitArgs | FitDatasetArgs>(
  model: TrainingModel,
  args: A,
  train: (args: A) => Promise<tfl.History>,
): Promise<tfl.History> {
  const previous = running.get(model);
  if (previous !== undefined && previous.watch.interrupted && model.isTraining) await previous.settled;
  const watch = watchInterrupts();
  watch.throwIfInterrupted();
  const training = train({ ...args, callbacks: [...callbackList(args.callbacks, args.yieldEvery), stopper(model, watch)] });
  running.set(model, { watch, settled: training.then(noop, noop) });
  const history = await training;
  if (watch.interrupted) throw new InterruptedError();
  return history;
}

function noop(): void {}

/** The learner's callbacks as callback objects: TF.js takes either objects or configs, never both. */
function callbackList(callbacks: Callbacks | undefined, yieldEvery: FitArgs["yieldEvery"]): Callback[] {
  if (callbacks === undefined) return [];
  const list: unknown[] = Array.isArray(callbacks) ? callbacks : [callbacks];
  return list.map((c) => (isCallbackObject(c) ? c : new tfl.CustomCallback(c as tfl.CustomCallbackArgs, yieldEvery)));
}

function isCallbackObject(c: unknown): c is Callback {
  return typeof c === "object" && c !== null && typeof (c as { setParams?: unknown }).setParams === "function";
}

/** After every batch: lets an interrupt request arrive, then stops training if one did. */
function stopper(model: TrainingModel, watch: InterruptWatch): Callback {
  return new tfl.CustomCallback(
    {
      onBatchEnd: async () => {
        await platform.yieldToEventLoop();
        if (watch.interrupted) model.stopTraining = true;
      },
    },
    "never",
  );
}
