import { toMimeBundle, type MimeBundle } from "../ground/displaySeam";
import { htmlTable } from "../ground/html";
import { textTable, type Align } from "../nets/table";

/** What one epoch of training measured. */
export interface EpochRecord {
  /** 1-based epoch number. */
  readonly epoch: number;
  /** Accuracy (0..1) on the training images evaluated after the epoch. */
  readonly trainAcc: number;
  /** Accuracy (0..1) on the test images evaluated after the epoch. */
  readonly testAcc: number;
  /** Mean training loss over the epoch's batches. */
  readonly loss: number;
  /** Wall time of the epoch's training steps (evaluation excluded). */
  readonly seconds: number;
  /** Training images per second during the epoch. */
  readonly imagesPerSecond: number;
}

/**
 * The record of a training run: the loss of every batch and one row per epoch. Displays
 * itself as a text summary (and an HTML table).
 */
export class History {
  /** The loss of every batch, in order. */
  readonly lossPerBatch: number[] = [];
  /** One record per finished epoch. */
  readonly epochs: EpochRecord[] = [];

  /** The last finished epoch (undefined before the first). */
  get last(): EpochRecord | undefined {
    return this.epochs[this.epochs.length - 1];
  }

  /** A plain copy for JSON: `{ lossPerBatch, epochs }`. */
  toJSON(): { lossPerBatch: number[]; epochs: EpochRecord[] } {
    return { lossPerBatch: [...this.lossPerBatch], epochs: this.epochs.map((e) => ({ ...e })) };
  }

  [toMimeBundle](): MimeBundle {
    const headers = ["epoch", "loss", "train acc", "test acc", "seconds", "images/s"];
    const align: Align[] = ["right", "right", "right", "right", "right", "right"];
    const pct = (v: number) => `${(100 * v).toFixed(2)}%`;
    const rows = this.epochs.map((e) => [
      String(e.epoch),
      e.loss.toFixed(4),
      pct(e.trainAcc),
      pct(e.testAcc),
      e.seconds.toFixed(1),
      String(Math.round(e.imagesPerSecond)),
    ]);
    const last = this.last;
    const title =
      last === undefined
        ? `training history: ${this.lossPerBatch.length} batches, no finished epoch`
        : `training history: ${this.epochs.length} epochs, ${this.lossPerBatch.length} batches; ` +
          `final train acc ${pct(last.trainAcc)}, test acc ${pct(last.testAcc)}`;
    return { "text/plain": `${title}\n${textTable(headers, rows, align)}`, "text/html": htmlTable(headers, rows, align, title) };
  }
}
