import type { Dataset } from "../data/dataset";
import type { Net } from "../nets/net";

/**
 * The number of classes a net scores (its output's last dimension), from its shapes alone:
 * `outputShape()` where the net has one (Sequential, GraphNet), else its layers chained from
 * `inputShape`. Undefined when the output is not `[N, classes]`.
 */
export function netClassCount(net: Net): number | undefined {
  const own = (net as Partial<{ outputShape(n?: number): number[] }>).outputShape;
  let shape: readonly number[] = [1, ...net.inputShape];
  if (typeof own === "function") shape = own.call(net, 1);
  else for (const l of net.layers) shape = l.outputShape(shape);
  return shape.length === 2 ? shape[1] : undefined;
}

/**
 * Throws before training when a Dataset holds more classes than the net scores: a label past
 * the net's outputs would otherwise stop training only when a batch first draws it.
 */
export function checkDatasetClasses(where: string, argument: string, ds: Dataset, net: Net): void {
  const classes = netClassCount(net);
  if (classes === undefined) return;
  let maxLabel = 0;
  const { labels } = ds;
  for (let i = 0; i < ds.length; i++) if (labels[i] > maxLabel) maxLabel = labels[i];
  if (ds.numClasses <= classes && maxLabel < classes) return;
  const holds = maxLabel >= classes ? `holds label ${maxLabel}` : `has numClasses ${ds.numClasses}`;
  throw new RangeError(
    `${where}: ${argument} "${ds.name}" ${holds}, but the net "${net.name}" scores ${classes} classes ` +
      `(labels must be in [0, ${classes})); build the net with ${Math.max(ds.numClasses, maxLabel + 1)} outputs`,
  );
}
