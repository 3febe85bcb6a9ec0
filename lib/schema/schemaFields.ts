import { nearestName } from "../options/nearestName";
import { prototxtLine, type PrototxtMessage, type PrototxtValue } from "./prototxt";

/** A field holds a value (number, string, enum word) or a block whose own fields are listed. */
type FieldSpec = "value" | BlockSpec;
interface BlockSpec {
  readonly [field: string]: FieldSpec;
}

const V = "value";
const FILLER: BlockSpec = { type: V, value: V, std: V };

/** The `_param` block each layer type reads; types not listed take none. */
const PARAM_BLOCKS: Readonly<Record<string, readonly [string, BlockSpec]>> = {
  Convolution: [
    "convolution_param",
    { num_output: V, kernel_size: V, stride: V, pad: V, dilation: V, weight_filler: FILLER, bias_filler: FILLER },
  ],
  InnerProduct: ["inner_product_param", { num_output: V, weight_filler: FILLER, bias_filler: FILLER }],
  Pooling: ["pooling_param", { pool: V, kernel_size: V, stride: V, pad: V, round_mode: V }],
  Dropout: ["dropout_param", { dropout_ratio: V }],
  Concat: ["concat_param", { axis: V }],
  Eltwise: ["eltwise_param", { operation: V, coeff: V }],
};
const LAYER_COMMON: BlockSpec = { name: V, type: V, bottom: V, top: V };
const ALL_PARAM_BLOCKS: BlockSpec = Object.fromEntries(Object.values(PARAM_BLOCKS));

/** The fields a net schema may hold (those netFromSchema reads). @internal */
export const NET_SCHEMA: BlockSpec = {
  name: V,
  input: V,
  input_shape: { dim: V },
  layer: { ...LAYER_COMMON, ...ALL_PARAM_BLOCKS },
};

/** The fields a solver may hold (those parseSolver reads). @internal */
export const SOLVER_SCHEMA: BlockSpec = Object.fromEntries(
  [
    "net",
    "type",
    "solver_type",
    "base_lr",
    "momentum",
    "momentum2",
    "lr_policy",
    "gamma",
    "stepsize",
    "power",
    "weight_decay",
    "max_iter",
    "snapshot",
    "snapshot_prefix",
    "display",
    "test_interval",
    "test_iter",
  ].map((f) => [f, V]),
);

/**
 * Checks every field of a parsed prototxt against the fields nnlab reads, as Caffe's own parser
 * refuses a field its schema lacks: a misspelt field (`padding`, `botom`) or block
 * (`convolution_params`) would otherwise be ignored and build a different net, or be blamed on
 * a missing field. A layer may hold only its own type's `_param` block. The error names the
 * line, the block, the nearest valid field and all valid ones.
 *
 * @internal
 */
export function checkSchemaFields(where: string, msg: PrototxtMessage, spec: BlockSpec, path: string): void {
  const isLayer = spec === NET_SCHEMA.layer;
  let allowed = spec;
  let ownParam: string | undefined;
  if (isLayer) {
    const type = msg.type?.[0];
    const block = typeof type === "string" ? PARAM_BLOCKS[type] : undefined;
    if (typeof type === "string" && (block !== undefined || isKnownType(type))) {
      ownParam = block?.[0];
      allowed = block === undefined ? LAYER_COMMON : { ...LAYER_COMMON, [block[0]]: block[1] };
    }
  }
  for (const field of Object.keys(msg)) {
    const values = msg[field];
    const fieldSpec = Object.prototype.hasOwnProperty.call(allowed, field) ? allowed[field] : undefined;
    const at = (i: number): string => {
      const line = prototxtLine(msg, field, i);
      return line === undefined ? "" : `line ${line}: `;
    };
    if (fieldSpec === undefined) {
      const valid = Object.keys(allowed);
      let hint: string;
      if (spec === NET_SCHEMA && field === "input_dim") {
        hint = "write the shape as input_shape { dim: 1 dim: 1 dim: 28 dim: 28 } (Caffe's newer form)";
      } else if (isLayer && Object.prototype.hasOwnProperty.call(ALL_PARAM_BLOCKS, field)) {
        hint = `a ${msg.type[0] as string} layer ${ownParam === undefined ? "takes no _param block" : `reads ${ownParam}`}`;
      } else {
        const meant = nearestName(field, valid);
        hint = meant === undefined ? "" : `did you mean "${meant}"?`;
      }
      throw new TypeError(
        `${where}: ${at(0)}unknown field "${field}" in ${path}${hint === "" ? "." : `; ${hint}`} Valid: ${valid.join(", ")}`,
      );
    }
    values.forEach((v, i) => {
      if (fieldSpec === V) {
        if (isBlock(v))
          throw new TypeError(`${where}: ${at(i)}field "${field}" in ${path} takes a value (${field}: ...), got a { ... } block`);
        return;
      }
      if (!isBlock(v))
        throw new TypeError(`${where}: ${at(i)}field "${field}" in ${path} is a block (${field} { ... }), got ${describeField(v)}`);
      const root = spec === NET_SCHEMA || spec === SOLVER_SCHEMA;
      checkSchemaFields(where, v, fieldSpec, blockPath(root ? "" : path, field, v, fieldSpec === NET_SCHEMA.layer, i));
    });
  }
}

/** How a message names a prototxt value: numbers as written (inf, nan), strings in quotes, blocks as such. @internal */
export function describeField(v: PrototxtValue | undefined): string {
  if (v === undefined) return "nothing";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "..." : v)}`;
  if (typeof v === "object") return "a { ... } block";
  if (typeof v === "number" && !Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
  return String(v);
}

function isBlock(v: PrototxtValue): v is PrototxtMessage {
  return typeof v === "object" && v !== null;
}

/** Types without a _param block; an unknown type is reported by the layer builder with the list. */
function isKnownType(type: string): boolean {
  return ["ReLU", "Sigmoid", "TanH", "Flatten", "SoftmaxWithLoss"].includes(type);
}

function blockPath(path: string, field: string, v: PrototxtMessage, isLayer: boolean, i: number): string {
  if (!isLayer) return path === "" ? field : `${path} ${field}`;
  const name = v.name?.[0];
  return typeof name === "string" ? `layer "${name}"` : `layer ${i + 1}`;
}
