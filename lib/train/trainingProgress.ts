import { displayHost, type MimeBundle } from "../ground/displaySeam";
import type { EpochRecord } from "./history";

/** Minimum time between two progress updates: at most ~4 a second. */
const PROGRESS_INTERVAL_MS = 250;
let displayCounter = 0;

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/**
 * What a Trainer shows while it trains: one live line (epoch, batch, loss, speed, ETA) updated
 * in place at most ~4 times a second, and one line per finished epoch. Silent when not verbose.
 */
export class TrainingProgress {
  private readonly id = `nnlab-trainer-progress-${++displayCounter}-${Date.now()}`;
  private readonly start = Date.now();
  private shown = false;
  private lastShown = 0;
  private imagesDone = 0;

  /**
   * @param verbose show anything at all
   * @param lastEpoch the epoch number training ends with
   * @param imagesTotal images this run will step through
   */
  constructor(
    private readonly verbose: boolean,
    private readonly lastEpoch: number,
    private readonly imagesTotal: number,
  ) {}

  /** After a step: updates the live line (always after an epoch's last batch). */
  batch(epoch: number, batch: number, batches: number, images: number, loss: number): void {
    this.imagesDone += images;
    if (!this.verbose) return;
    const now = Date.now();
    if (batch !== batches && now - this.lastShown < PROGRESS_INTERVAL_MS) return;
    this.lastShown = now;
    const rate = this.imagesDone / Math.max((now - this.start) / 1000, 1e-3);
    const eta = formatDuration((this.imagesTotal - this.imagesDone) / rate);
    const bundle: MimeBundle = {
      "text/plain": `epoch ${epoch}/${this.lastEpoch}  batch ${batch}/${batches}  loss ${loss.toFixed(4)}  ${Math.round(rate)} images/s  ETA ${eta}`,
    };
    if (this.shown) displayHost().update(bundle, this.id);
    else displayHost().display(bundle, this.id);
    this.shown = true;
  }

  /** After an epoch's evaluation: a line of its own. */
  epoch(record: EpochRecord): void {
    if (!this.verbose) return;
    const { epoch, loss, trainAcc, testAcc, seconds, imagesPerSecond } = record;
    displayHost().display({
      "text/plain":
        `epoch ${epoch}/${this.lastEpoch}: loss ${loss.toFixed(4)}, train acc ${(100 * trainAcc).toFixed(2)}%, ` +
        `test acc ${(100 * testAcc).toFixed(2)}%, ${seconds.toFixed(1)}s (${Math.round(imagesPerSecond)} images/s)`,
    });
  }
}
