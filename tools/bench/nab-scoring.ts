/**
 * NAB v1.1 scoring, re-implemented from the benchmark's rules (nab/sweeper.py and the scorer):
 * probationary period, scaled sigmoid by window-relative position, FP cost that fades after a
 * window, one threshold per profile chosen to maximise the corpus total, and normalisation so the
 * null detector scores 0 and a perfect one 100. Pure: callers read the files.
 */

export interface NabProfile {
  readonly name: 'standard' | 'reward_low_FP_rate' | 'reward_low_FN_rate';
  readonly tpWeight: number;
  readonly fpWeight: number;
  readonly fnWeight: number;
}

export const NAB_PROFILES: readonly NabProfile[] = [
  { name: 'standard', tpWeight: 1.0, fpWeight: 0.11, fnWeight: 1.0 },
  { name: 'reward_low_FP_rate', tpWeight: 1.0, fpWeight: 0.22, fnWeight: 1.0 },
  { name: 'reward_low_FN_rate', tpWeight: 1.0, fpWeight: 0.11, fnWeight: 2.0 },
];

/** One scored file: its row timestamps (epoch ms), the detector's scores, and its windows. */
export interface NabFileResult {
  readonly name: string;
  readonly timestampsMillis: ArrayLike<number>;
  readonly scores: ArrayLike<number>;
  /** Anomaly windows as [startMillis, endMillis]; both ends are row timestamps. */
  readonly windows: ReadonlyArray<readonly [number, number]>;
}

export interface NabProfileScore {
  readonly profile: NabProfile['name'];
  readonly threshold: number;
  readonly normalized: number;
  readonly raw: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly perFile: ReadonlyArray<{ name: string; raw: number; tp: number; fp: number; fn: number; windows: number }>;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** NAB's scaled sigmoid: +0.987 at a window's left edge, 0 at its right edge, → −1 after. */
export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition >= 3.0) return -1.0;
  return 2 * sigmoid(-5 * relativePosition) - 1.0;
}

export function probationaryLength(rows: number, probationPercent = 0.15): number {
  return Math.min(Math.floor(probationPercent * rows), probationPercent * 5000);
}

/** A row that can count: its score, its weighted sweep value, and its window id (−1 = none). */
interface ScorableRow {
  readonly score: number;
  readonly sweep: number;
  readonly window: number;
  readonly file: number;
}

/** Weighted value of each row as if detected (calcSweepScore); probationary rows are dropped. */
function sweepRows(file: NabFileResult, fileIndex: number, windowBase: number, profile: NabProfile): ScorableRow[] {
  const ts = file.timestampsMillis;
  const n = ts.length;
  const indexOf = new Map<number, number>();
  for (let i = 0; i < n; i++) if (!indexOf.has(ts[i])) indexOf.set(ts[i], i);
  const maxTp = scaledSigmoid(-1.0);
  const probation = probationaryLength(n);
  const rows: ScorableRow[] = [];
  let w = 0;
  let inWindow = false;
  let rightIndex = -1;
  let width = 0;
  let prevRightIndex = -1;
  let prevWidth = 0;
  for (let i = 0; i < n; i++) {
    if (!inWindow && w < file.windows.length && ts[i] === file.windows[w][0]) {
      const left = indexOf.get(file.windows[w][0]);
      const right = indexOf.get(file.windows[w][1]);
      if (left === undefined || right === undefined) throw new Error(`${file.name}: window edge is not a row timestamp`);
      rightIndex = right;
      width = right - left + 1;
      inWindow = true;
    }
    let sweep: number;
    if (inWindow) {
      sweep = (scaledSigmoid(-(rightIndex - i + 1) / width) * profile.tpWeight) / maxTp;
    } else {
      const past = prevRightIndex < 0 ? 3.0 : Math.abs(prevRightIndex - i) / (prevWidth - 1);
      sweep = scaledSigmoid(past) * profile.fpWeight;
    }
    if (i >= probation) rows.push({ score: file.scores[i], sweep, window: inWindow ? windowBase + w : -1, file: fileIndex });
    if (inWindow && ts[i] === file.windows[w][1]) {
      prevRightIndex = i;
      prevWidth = width;
      inWindow = false;
      w++;
    }
  }
  return rows;
}

/**
 * Scores a corpus under one profile: sweeps every distinct score as a threshold (detections are
 * rows with score ≥ threshold), keeps the one with the highest corpus total, and normalises.
 */
export function scoreCorpus(files: readonly NabFileResult[], profile: NabProfile): NabProfileScore {
  const rows: ScorableRow[] = [];
  const windowFile: number[] = [];
  const windowScored: boolean[] = [];
  files.forEach((file, f) => {
    const base = windowFile.length;
    for (let k = 0; k < file.windows.length; k++) {
      windowFile.push(f);
      windowScored.push(false);
    }
    for (const r of sweepRows(file, f, base, profile)) {
      rows.push(r);
      if (r.window >= 0) windowScored[r.window] = true;
    }
  });
  // A window wholly inside the probationary period has no scorable rows and never counts (NAB).
  const windowBest = windowFile.map(() => -profile.fnWeight);
  let total = windowScored.reduce((s, scored) => s + (scored ? -profile.fnWeight : 0), 0);
  let fpSum = 0;
  rows.sort((a, b) => b.score - a.score);
  let bestTotal = total;
  let bestThreshold = 1.1;
  for (let i = 0; i < rows.length; ) {
    const threshold = rows[i].score;
    for (; i < rows.length && rows[i].score === threshold; i++) {
      const r = rows[i];
      if (r.window < 0) {
        fpSum += r.sweep;
        total += r.sweep;
      } else if (r.sweep > windowBest[r.window]) {
        total += r.sweep - windowBest[r.window];
        windowBest[r.window] = r.sweep;
      }
    }
    if (total > bestTotal) {
      bestTotal = total;
      bestThreshold = threshold;
    }
  }
  void fpSum;
  return scoreAtThreshold(files, profile, bestThreshold);
}

/**
 * Scores a corpus under one profile at a given threshold (detections are rows with score ≥
 * threshold), with a per-file breakdown; the normalised score uses the null/perfect bounds of the
 * windows that have scorable rows (a window wholly inside the probationary period never counts).
 */
export function scoreAtThreshold(files: readonly NabFileResult[], profile: NabProfile, threshold: number): NabProfileScore {
  let windowCount = 0;
  let raw = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let base = 0;
  const perFile = files.map((file, f) => {
    const best = new Map<number, number>();
    let fileRaw = 0;
    let fileFp = 0;
    const scored = new Set<number>();
    for (const r of sweepRows(file, f, base, profile)) {
      if (r.window >= 0) scored.add(r.window);
      if (r.score < threshold) continue;
      if (r.window < 0) {
        fileRaw += r.sweep;
        fileFp++;
      } else {
        best.set(r.window, Math.max(best.get(r.window) ?? -Infinity, r.sweep));
      }
    }
    let fileTp = 0;
    for (const w of scored) {
      const b = best.get(w);
      if (b === undefined) fileRaw -= profile.fnWeight;
      else {
        fileRaw += b;
        fileTp++;
      }
    }
    base += file.windows.length;
    windowCount += scored.size;
    const fileFn = scored.size - fileTp;
    raw += fileRaw;
    tp += fileTp;
    fp += fileFp;
    fn += fileFn;
    return { name: file.name, raw: fileRaw, tp: fileTp, fp: fileFp, fn: fileFn, windows: scored.size };
  });
  const nullRaw = -windowCount * profile.fnWeight;
  const perfect = windowCount * profile.tpWeight;
  const normalized = perfect === nullRaw ? 0 : (100 * (raw - nullRaw)) / (perfect - nullRaw);
  return { profile: profile.name, threshold, normalized, raw, tp, fp, fn, perFile };
}
