/**
 * How far a NAB score on a few shared files can be trusted for the rest of the corpus. Pure.
 *
 * - Leave one category out: the threshold is the one thing NAB fits per profile; here it is chosen
 *   on the other categories and applied to the held-out one, so each category is scored with a
 *   threshold that never saw it. The pooled figure sums the held-out raw scores of all categories
 *   and normalises over all windows: an out-of-sample twin of the usual score.
 * - Spread across files: each file's normalised score at the corpus threshold (files without
 *   windows have no null/perfect bounds and only report their false positives). A score carried by
 *   a few files, or dragged down by one, shows here.
 */
import type { NabFileResult, NabProfile } from './nab-scoring';
import { scoreAtThreshold, scoreCorpus } from './nab-scoring';

export interface HeldOutCategory {
  readonly category: string;
  /** Threshold chosen on the other categories. */
  readonly threshold: number;
  /** Normalised score of this category's files at that threshold. */
  readonly normalized: number;
  /** Normalised score of this category with its own best threshold (in-sample, for contrast). */
  readonly inSample: number;
  readonly files: number;
}

export interface LeaveOneCategoryOut {
  readonly profile: NabProfile['name'];
  readonly categories: readonly HeldOutCategory[];
  /** All categories' held-out raw scores, normalised over all windows. */
  readonly pooled: number;
}

/** `category/file.csv` → `category`. */
const categoryOf = (name: string): string => name.slice(0, Math.max(0, name.indexOf('/')));

export function leaveOneCategoryOut(files: readonly NabFileResult[], profile: NabProfile): LeaveOneCategoryOut {
  const categories = [...new Set(files.map((f) => categoryOf(f.name)))].sort();
  let raw = 0;
  let windows = 0;
  const held: HeldOutCategory[] = [];
  for (const category of categories) {
    const inside = files.filter((f) => categoryOf(f.name) === category);
    const others = files.filter((f) => categoryOf(f.name) !== category);
    // With a single category there is nothing to learn a threshold from: it scores as in-sample.
    const threshold = others.length > 0 ? scoreCorpus(others, profile).threshold : scoreCorpus(inside, profile).threshold;
    const score = scoreAtThreshold(inside, profile, threshold);
    const categoryWindows = score.perFile.reduce((sum, f) => sum + f.windows, 0);
    raw += score.raw;
    windows += categoryWindows;
    held.push({ category, threshold, normalized: score.normalized, inSample: scoreCorpus(inside, profile).normalized, files: inside.length });
  }
  const nullRaw = -windows * profile.fnWeight;
  const perfect = windows * profile.tpWeight;
  const pooled = perfect === nullRaw ? 0 : (100 * (raw - nullRaw)) / (perfect - nullRaw);
  return { profile: profile.name, categories: held, pooled };
}

export interface FileSpread {
  /** Files with at least one scorable window. */
  readonly files: number;
  readonly min: number;
  readonly lowerQuartile: number;
  readonly median: number;
  readonly upperQuartile: number;
  readonly max: number;
  /** False positives of the files that have no scorable window. */
  readonly falsePositivesWithoutWindows: number;
}

/** Each file's normalised score at the corpus threshold of `profile`, summarised by quantiles. */
export function spreadAcrossFiles(files: readonly NabFileResult[], profile: NabProfile): FileSpread {
  const { perFile } = scoreCorpus(files, profile);
  const scores: number[] = [];
  let falsePositivesWithoutWindows = 0;
  for (const f of perFile) {
    if (f.windows === 0) {
      falsePositivesWithoutWindows += f.fp;
      continue;
    }
    const nullRaw = -f.windows * profile.fnWeight;
    scores.push((100 * (f.raw - nullRaw)) / (f.windows * profile.tpWeight - nullRaw));
  }
  scores.sort((a, b) => a - b);
  const quantile = (q: number): number => {
    if (scores.length === 0) return Number.NaN;
    const at = q * (scores.length - 1);
    const lo = Math.floor(at);
    const hi = Math.ceil(at);
    return scores[lo] + (scores[hi] - scores[lo]) * (at - lo);
  };
  return { files: scores.length, min: quantile(0), lowerQuartile: quantile(0.25), median: quantile(0.5), upperQuartile: quantile(0.75), max: quantile(1), falsePositivesWithoutWindows };
}
