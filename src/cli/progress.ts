import type { HistoryProgress } from "../sources/history.js";
import { formatBytes } from "../report/textFormat.js";
import type { CliIo } from "./io.js";

/** Minimum time between two redraws of the progress line, in milliseconds. */
const REDRAW_MS = 100;

/** A progress reporter: `update` with each report, `done` to erase the line. */
export interface ProgressLine {
  update: (progress: HistoryProgress) => void;
  done: () => void;
}

const SILENT: ProgressLine = { update: () => undefined, done: () => undefined };

/**
 * A single self-overwriting line on stderr — `blobs 1200/5400 · 3.1 MB/s · ETA 0:42` — redrawn at
 * most every 100 ms. Silent unless `enabled` and stderr is a terminal, so logs and pipes stay clean.
 */
export function progressLine(io: CliIo, enabled: boolean, now: () => number = () => performance.now()): ProgressLine {
  if (!enabled || io.stderr.isTTY !== true) return SILENT;
  const started = now();
  let lastDraw = -Infinity;
  let isDrawn = false;
  return {
    update(progress) {
      const time = now();
      if (time - lastDraw < REDRAW_MS && progress.blobsDone < progress.blobsTotal) return;
      lastDraw = time;
      isDrawn = true;
      io.stderr.write(`\r\u001b[K${describeProgress(progress, (time - started) / 1000)}`);
    },
    done() {
      if (isDrawn) io.stderr.write("\r\u001b[K");
      isDrawn = false;
    },
  };
}

/** The progress text for `seconds` of elapsed time; rate and ETA from bytes read so far. */
export function describeProgress(progress: HistoryProgress, seconds: number): string {
  const rate = seconds > 0 ? progress.bytesDone / seconds : 0;
  const parts = [`secretscan: blobs ${progress.blobsDone}/${progress.blobsTotal}`, `${formatBytes(rate)}/s`];
  if (rate > 0 && progress.bytesDone < progress.bytesTotal)
    parts.push(`ETA ${clock((progress.bytesTotal - progress.bytesDone) / rate)}`);
  return parts.join(" · ");
}

/** Seconds as `m:ss` (or `h:mm:ss`). */
function clock(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const mmss = `${h > 0 ? String(m).padStart(2, "0") : m}:${String(s).padStart(2, "0")}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}
