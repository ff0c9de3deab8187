/**
 * The detectors of the partitions this replica owns, and what scoring one point does: detector
 * verdict → anomaly (if any) → alert policy transitions. Pure (no I/O, data time only), so the
 * live path and a takeover's log replay run the same code and reach the same state. Series are
 * keyed by tenant + fingerprint (`seriesKey`): two tenants' identical series never share one.
 */
import { SeriesDetector, configForMetric, type DetectConfig, type Verdict } from '@vigil/detect';
import { advanceEpisodes, policyCovers, type AlertPolicy, type PolicyEpisodes, type PolicyTransition } from './alert-policy';
import { decodeCheckpoint, encodeCheckpoint, type LogEntry, type LoggedFeedback, type LoggedSeries, type SeriesMeta } from './series-checkpoint';
import { anomalyId, fingerprintOfKey, reportRef, seriesKey } from './series-key';
import { SeriesSignal, type SignalSource, type SignalTiming } from './signal/series-signal';

/** Counters and distributions are scored per minute; a counter silent for 30 min has stopped. */
export const DEFAULT_SIGNAL_TIMING: SignalTiming = { intervalMillis: 60_000, maxGapIntervals: 30 };

/** One series' live state. */
export interface SeriesRecord {
  /** `seriesKey(tenant, fingerprint)`: its key in the book, the log and the state store. */
  readonly key: string;
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
  /** What a counter or distribution is scored on (signal/series-signal.ts); gauges have none. */
  signal?: SeriesSignal;
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

/** A false-positive report waiting in the partition's inbox for its series (by series key). */
export interface PendingReport {
  readonly id: string;
  readonly key: string;
}

/** Reports applied to series of a partition: for the batch's log entry and the inbox clean-up. */
export interface AppliedFeedback {
  readonly feedback: LoggedFeedback[];
  /** `reportRef`s of the applied reports. */
  readonly refs: string[];
}

export class PartitionBook {
  /** By series key (tenant + fingerprint). */
  readonly series = new Map<string, SeriesRecord>();
  batchesSinceCompaction = 0;
  loggedPoints = 0;
  /** State keys of log entries not yet folded into checkpoints. */
  readonly logKeys: string[] = [];
  /**
   * Inbox reports not applied yet, by series key: a report may name a series this partition
   * has not seen (yet); it waits here (and durably in the inbox) until the series appears.
   */
  pending = new Map<string, PendingReport[]>();
  /** `reportRef`s of reports the replayed log already applied (their inbox removal may not have happened). */
  readonly replayedReports = new Set<string>();
}

export class DetectorBook {
  private readonly partitions = new Map<number, PartitionBook>();
  private readonly configs = new Map<string, DetectConfig>();

  constructor(
    private readonly base: DetectConfig,
    private readonly sensitivityByMetric: Readonly<Record<string, number>>,
    private readonly policies: readonly AlertPolicy[],
    private readonly signalTiming: SignalTiming = DEFAULT_SIGNAL_TIMING,
  ) {}

  /** The interval signal of a counter or distribution series, started fresh. */
  newSignal(source: SignalSource): SeriesSignal {
    return new SeriesSignal(source, this.signalTiming);
  }

  partition(partition: number): PartitionBook | undefined {
    return this.partitions.get(partition);
  }

  owned(): number[] {
    return [...this.partitions.keys()];
  }

  /** Installs a partition from its checkpoints and log (a takeover resumes where the log ends). */
  install(partition: number, checkpoints: readonly [string, Uint8Array][], log: readonly [string, Uint8Array][], decodeLog: (bytes: Uint8Array) => LogEntry): PartitionBook {
    const book = new PartitionBook();
    for (const [key, bytes] of checkpoints) {
      const saved = decodeCheckpoint(bytes);
      const record = this.newRecord(key, saved.meta, SeriesDetector.restore(this.configFor(saved.meta.name), saved.detector));
      record.episodes = saved.episodes;
      record.lastMillis = saved.lastMillis;
      record.feedbackReports = saved.feedbackReports;
      if (saved.signal) record.signal = SeriesSignal.restore(saved.signal, this.signalTiming);
      record.metaLogged = true;
      book.series.set(key, record);
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

  /**
   * Re-keys a partition installed from the legacy layout (keyed by fingerprint alone, before
   * decision 160) by tenant + fingerprint, taking each series' tenant from its metadata. Every
   * series is marked dirty: its checkpoint must be written under the new key.
   */
  rekeyLegacy(partition: number): PartitionBook {
    const legacy = this.partitions.get(partition);
    if (!legacy) throw new Error(`partition ${partition} is not installed`);
    const book = new PartitionBook();
    for (const record of legacy.series.values()) {
      const key = seriesKey(record.meta.tenant, record.fingerprint);
      book.series.set(key, { ...record, key, dirty: true, metaLogged: true });
    }
    this.partitions.set(partition, book);
    return book;
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

  /** The record of a series (`key` = seriesKey(meta.tenant, fingerprint)), created on its first point. */
  record(book: PartitionBook, key: string, meta: SeriesMeta): SeriesRecord {
    let record = book.series.get(key);
    if (!record) {
      record = this.newRecord(key, meta, new SeriesDetector(this.configFor(meta.name)));
      book.series.set(key, record);
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
        id = anomalyId(record.meta.tenant, record.fingerprint, t);
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
  falsePositive(book: PartitionBook, key: string): number | undefined {
    const record = book.series.get(key);
    if (!record) return undefined;
    record.detector.falsePositiveFeedback();
    record.feedbackReports++;
    record.dirty = true;
    return record.feedbackReports;
  }

  /**
   * Applies every pending report whose series this partition now holds (call after the batch's
   * series have their records, before scoring their points: the log replays in that order).
   * Reports of series not seen yet stay pending.
   */
  applyPending(book: PartitionBook): AppliedFeedback {
    const applied: AppliedFeedback = { feedback: [], refs: [] };
    for (const [key, reports] of book.pending) {
      if (!book.series.has(key)) continue;
      for (const report of reports) {
        const reportsAfter = this.falsePositive(book, key) as number;
        applied.feedback.push([key, reportsAfter, report.id]);
        applied.refs.push(reportRef(key, report.id));
      }
      book.pending.delete(key);
    }
    return applied;
  }

  /**
   * Re-applies a logged batch silently (its anomalies and alerts were published when it ran),
   * in the live order: series records, then feedback, then points.
   */
  replay(book: PartitionBook, entry: LogEntry): void {
    const records = entry.series.map((logged) => book.series.get(logged.key) ?? (logged.meta ? this.record(book, logged.key, logged.meta) : undefined));
    for (const [key, reportsAfter, id] of entry.feedback) {
      const record = book.series.get(key);
      if (record && record.feedbackReports < reportsAfter) this.falsePositive(book, key);
      if (id !== undefined) book.replayedReports.add(reportRef(key, id));
    }
    const sink: ScoreOutcome = { anomalies: [], transitions: [], scored: 0 };
    entry.series.forEach((logged, i) => {
      const record = records[i];
      if (!record) return; // meta lost with a deleted log: cannot happen while compaction writes checkpoints first
      record.metaLogged = true;
      this.score(record, logged.times, logged.values, sink);
      if (logged.signal) record.signal = SeriesSignal.restore(logged.signal, this.signalTiming);
      sink.anomalies.length = 0;
      sink.transitions.length = 0;
    });
    book.loggedPoints += sink.scored;
  }

  /** A series' points as they go into the log (metadata only the first time). */
  logged(record: SeriesRecord, times: Float64Array, values: Float64Array): LoggedSeries {
    const meta = record.metaLogged ? undefined : record.meta;
    record.metaLogged = true;
    return { key: record.key, meta, times, values, signal: record.signal?.save() };
  }

  /** Checkpoints of the series changed since the last compaction; clears their dirty flags. */
  takeDirty(book: PartitionBook): [string, Uint8Array][] {
    const out: [string, Uint8Array][] = [];
    for (const record of book.series.values()) {
      if (!record.dirty) continue;
      const { meta, lastMillis, episodes, feedbackReports } = record;
      const signal = record.signal?.save();
      out.push([record.key, encodeCheckpoint({ meta, lastMillis, episodes, feedbackReports, detector: record.detector.snapshot(), signal })]);
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

  private newRecord(key: string, meta: SeriesMeta, detector: SeriesDetector): SeriesRecord {
    const labels = Object.fromEntries(meta.labels);
    const policies = this.policies.filter((policy) => policyCovers(policy, meta.name, labels));
    return { key, fingerprint: fingerprintOfKey(key), meta, detector, policies, episodes: {}, lastMillis: -Infinity, feedbackReports: 0, dirty: false, metaLogged: false };
  }
}
