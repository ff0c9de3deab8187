/**
 * The detectors of the partitions this replica owns, and what scoring one point does: detector
 * verdict → anomaly (if any) → alert policy transitions. Pure (no I/O, data time only), so the
 * live path and a takeover's log replay run the same code and reach the same state.
 */
import { SeriesDetector, configForMetric, type DetectConfig, type Verdict } from '@vigil/detect';
import { advanceEpisodes, policyCovers, type AlertPolicy, type PolicyEpisodes, type PolicyTransition } from './alert-policy';
import { decodeCheckpoint, encodeCheckpoint, type LogEntry, type LoggedSeries, type SeriesMeta } from './series-checkpoint';

/** One series' live state. */
export interface SeriesRecord {
  readonly fingerprint: string;
  readonly meta: SeriesMeta;
  readonly detector: SeriesDetector;
  readonly policies: readonly AlertPolicy[];
  episodes: PolicyEpisodes;
  lastMillis: number;
  /** False-positive reports applied to its detector. */
  feedbackReports: number;
  /** Changed since the partition's last compaction (its checkpoint must be rewritten). */
  dirty: boolean;
  /** Its metadata is in the partition's log or checkpoint already. */
  metaLogged: boolean;
}

/** An anomalous point of a series, with the verdict that made it one. */
export interface ScoredAnomaly {
  readonly record: SeriesRecord;
  readonly id: string;
  readonly verdict: Verdict;
}

export interface ScoredTransition extends PolicyTransition {
  readonly record: SeriesRecord;
}

/** What scoring some points produced. */
export interface ScoreOutcome {
  readonly anomalies: ScoredAnomaly[];
  readonly transitions: ScoredTransition[];
  /** Points learnt (replayed duplicates are not counted). */
  scored: number;
}

/** Deterministic anomaly id: series fingerprint + point time (ms), all hex. */
export function anomalyId(fingerprint: string, timestampMillis: number): string {
  return `${fingerprint}${Math.round(timestampMillis).toString(16).padStart(12, '0')}`;
}

/** The series fingerprint an anomaly id starts with. */
export const fingerprintOfAnomalyId = (id: string): string => id.slice(0, 16);

export class PartitionBook {
  readonly series = new Map<string, SeriesRecord>();
  batchesSinceCompaction = 0;
  loggedPoints = 0;
  /** When the service last read the partition's feedback inbox (clock ms). */
  inboxReadAtMillis = -Infinity;
  /** State keys of log entries not yet folded into checkpoints. */
  readonly logKeys: string[] = [];
}

export class DetectorBook {
  private readonly partitions = new Map<number, PartitionBook>();
  private readonly configs = new Map<string, DetectConfig>();

  constructor(
    private readonly base: DetectConfig,
    private readonly sensitivityByMetric: Readonly<Record<string, number>>,
    private readonly policies: readonly AlertPolicy[],
  ) {}

  partition(partition: number): PartitionBook | undefined {
    return this.partitions.get(partition);
  }

  owned(): number[] {
    return [...this.partitions.keys()];
  }

  /** Installs a partition from its checkpoints and log (a takeover resumes where the log ends). */
  install(partition: number, checkpoints: readonly [string, Uint8Array][], log: readonly [string, Uint8Array][], decodeLog: (bytes: Uint8Array) => LogEntry): PartitionBook {
    const book = new PartitionBook();
    for (const [fingerprint, bytes] of checkpoints) {
      const saved = decodeCheckpoint(bytes);
      const record = this.newRecord(fingerprint, saved.meta, SeriesDetector.restore(this.configFor(saved.meta.name), saved.detector));
      record.episodes = saved.episodes;
      record.lastMillis = saved.lastMillis;
      record.feedbackReports = saved.feedbackReports;
      record.metaLogged = true;
      book.series.set(fingerprint, record);
    }
    this.partitions.set(partition, book);
    for (const [key, bytes] of log) {
      this.replay(book, decodeLog(bytes));
      book.logKeys.push(key);
    }
    return book;
  }

  drop(partition: number): void {
    this.partitions.delete(partition);
  }

  /** A fresh or existing partition book (a batch can arrive before any assignment on the memory bus). */
  ensure(partition: number): PartitionBook {
    let book = this.partitions.get(partition);
    if (!book) {
      book = new PartitionBook();
      this.partitions.set(partition, book);
    }
    return book;
  }

  /** The record of a series, created on its first point. */
  record(book: PartitionBook, fingerprint: string, meta: SeriesMeta): SeriesRecord {
    let record = book.series.get(fingerprint);
    if (!record) {
      record = this.newRecord(fingerprint, meta, new SeriesDetector(this.configFor(meta.name)));
      book.series.set(fingerprint, record);
    }
    return record;
  }

  /** Scores points of one series in time order; a point not after the last learnt one is skipped. */
  score(record: SeriesRecord, times: ArrayLike<number>, values: ArrayLike<number>, outcome: ScoreOutcome): void {
    const alarmScore = record.detector.config.alarmScore;
    for (let i = 0; i < times.length; i++) {
      const t = times[i];
      if (!(t > record.lastMillis) || !Number.isFinite(values[i])) continue;
      record.lastMillis = t;
      record.dirty = true;
      outcome.scored++;
      const verdict = record.detector.observe(t, values[i]);
      let id: string | undefined;
      if (verdict.isAnomaly) {
        id = anomalyId(record.fingerprint, t);
        outcome.anomalies.push({ record, id, verdict });
      }
      if (record.policies.length === 0) continue;
      for (const transition of advanceEpisodes(record.policies, record.episodes, verdict, alarmScore, id)) outcome.transitions.push({ ...transition, record });
    }
  }

  /**
   * One false-positive report on a series: it needs more evidence from now on. Returns the
   * series' report count after it (for the log), or undefined for a series not seen here.
   */
  falsePositive(book: PartitionBook, fingerprint: string): number | undefined {
    const record = book.series.get(fingerprint);
    if (!record) return undefined;
    record.detector.falsePositiveFeedback();
    record.feedbackReports++;
    record.dirty = true;
    return record.feedbackReports;
  }

  /** Re-applies a logged batch silently (its anomalies and alerts were published when it ran). */
  replay(book: PartitionBook, entry: LogEntry): void {
    for (const [fingerprint, reportsAfter] of entry.feedback) {
      const record = book.series.get(fingerprint);
      if (record && record.feedbackReports < reportsAfter) this.falsePositive(book, fingerprint);
    }
    const sink: ScoreOutcome = { anomalies: [], transitions: [], scored: 0 };
    for (const logged of entry.series) {
      const record = book.series.get(logged.fingerprint) ?? (logged.meta ? this.record(book, logged.fingerprint, logged.meta) : undefined);
      if (!record) continue; // meta lost with a deleted log: cannot happen while compaction writes checkpoints first
      record.metaLogged = true;
      this.score(record, logged.times, logged.values, sink);
      sink.anomalies.length = 0;
      sink.transitions.length = 0;
    }
    book.loggedPoints += sink.scored;
  }

  /** A series' points as they go into the log (metadata only the first time). */
  logged(record: SeriesRecord, times: Float64Array, values: Float64Array): LoggedSeries {
    const meta = record.metaLogged ? undefined : record.meta;
    record.metaLogged = true;
    return { fingerprint: record.fingerprint, meta, times, values };
  }

  /** Checkpoints of the series changed since the last compaction; clears their dirty flags. */
  takeDirty(book: PartitionBook): [string, Uint8Array][] {
    const out: [string, Uint8Array][] = [];
    for (const record of book.series.values()) {
      if (!record.dirty) continue;
      const { meta, lastMillis, episodes, feedbackReports } = record;
      out.push([record.fingerprint, encodeCheckpoint({ meta, lastMillis, episodes, feedbackReports, detector: record.detector.snapshot() })]);
      record.dirty = false;
    }
    return out;
  }

  private configFor(metricName: string): DetectConfig {
    let config = this.configs.get(metricName);
    if (!config) {
      config = configForMetric(this.base, this.sensitivityByMetric, metricName);
      this.configs.set(metricName, config);
    }
    return config;
  }

  private newRecord(fingerprint: string, meta: SeriesMeta, detector: SeriesDetector): SeriesRecord {
    const labels = Object.fromEntries(meta.labels);
    const policies = this.policies.filter((policy) => policyCovers(policy, meta.name, labels));
    return { fingerprint, meta, detector, policies, episodes: {}, lastMillis: -Infinity, feedbackReports: 0, dirty: false, metaLogged: false };
  }
}
