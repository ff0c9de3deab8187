/**
 * Byte formats of the detector's durable state (decision 130): a series checkpoint (metadata,
 * alert episodes and the detector's own snapshot) and a partition log entry (the points and
 * feedback one committed batch applied). Pure encode/decode, no I/O.
 */
import type { PolicyEpisodes } from './alert-policy';
import type { SavedSignal } from './signal/series-signal';

const utf8 = new TextEncoder();
const text = new TextDecoder();

/** What a series is, besides its detector. */
export interface SeriesMeta {
  readonly tenant: string;
  readonly name: string;
  /** Sorted label pairs. */
  readonly labels: readonly (readonly [string, string])[];
}

export interface SeriesCheckpoint {
  readonly meta: SeriesMeta;
  /** Time of the last point learnt; later points only (replays are no-ops). */
  readonly lastMillis: number;
  readonly episodes: PolicyEpisodes;
  /** False-positive reports applied so far (makes a replayed report a no-op). */
  readonly feedbackReports: number;
  readonly detector: Uint8Array;
  /** The interval being filled, for a counter or distribution (absent for gauges). */
  readonly signal?: SavedSignal;
}

/** [u32 LE header length][JSON header][payload] — shared framing of both formats. */
function frame(header: unknown, payload: Uint8Array): Uint8Array {
  const head = utf8.encode(JSON.stringify(header));
  // Pad so the payload starts 8-byte aligned within the frame (Float64 views need it).
  const start = Math.ceil((4 + head.length) / 8) * 8;
  const bytes = new Uint8Array(start + payload.length);
  new DataView(bytes.buffer).setUint32(0, head.length, true);
  bytes.set(head, 4);
  bytes.set(payload, start);
  return bytes;
}

function unframe<H>(bytes: Uint8Array): { header: H; payload: Uint8Array } {
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  const header = JSON.parse(text.decode(bytes.subarray(4, 4 + length))) as H;
  const start = Math.ceil((4 + length) / 8) * 8;
  return { header, payload: bytes.subarray(start) };
}

export function encodeCheckpoint(checkpoint: SeriesCheckpoint): Uint8Array {
  const { meta, lastMillis, episodes, feedbackReports, signal } = checkpoint;
  return frame({ v: 1, meta, lastMillis, episodes, feedbackReports, signal }, checkpoint.detector);
}

export function decodeCheckpoint(bytes: Uint8Array): SeriesCheckpoint {
  type Header = { v: number; meta: SeriesMeta; lastMillis: number | null; episodes: PolicyEpisodes; feedbackReports: number; signal?: SavedSignal };
  const { header, payload } = unframe<Header>(bytes);
  if (header.v !== 1) throw new Error(`unknown series checkpoint version ${header.v}`);
  const lastMillis = header.lastMillis ?? -Infinity; // JSON has no -Infinity
  return { meta: header.meta, lastMillis, episodes: header.episodes, feedbackReports: header.feedbackReports, detector: payload.slice(), signal: header.signal };
}

/** The points of one series within a log entry. */
export interface LoggedSeries {
  /** Series key (tenant + fingerprint; the bare fingerprint in the legacy layout, decision 160). */
  readonly key: string;
  /** Present the first time a series is logged since the partition's last compaction. */
  readonly meta?: SeriesMeta;
  readonly times: Float64Array;
  readonly values: Float64Array;
  /** The series' interval state after these points (counters and distributions only). */
  readonly signal?: SavedSignal;
}

/** One applied false-positive report: series key, the series' report count after it, report id. */
export type LoggedFeedback = readonly [key: string, reportsAfter: number, id?: string];

/** What one committed batch did to a partition's detectors. */
export interface LogEntry {
  readonly firstOffset: number;
  readonly lastOffset: number;
  /**
   * False-positive reports applied before the batch's points: series key, that series' report
   * count after it (a replay applies a report only if the series has fewer) and the report's
   * id (absent in entries written before decision 160).
   */
  readonly feedback: readonly LoggedFeedback[];
  readonly series: readonly LoggedSeries[];
}

export function encodeLogEntry(entry: LogEntry): Uint8Array {
  let points = 0;
  for (const s of entry.series) points += s.times.length;
  const data = new Float64Array(points * 2);
  let at = 0;
  for (const s of entry.series) {
    data.set(s.times, at);
    data.set(s.values, at + s.times.length);
    at += 2 * s.times.length;
  }
  const header = {
    v: 1,
    first: entry.firstOffset,
    last: entry.lastOffset,
    feedback: entry.feedback,
    series: entry.series.map((s) => {
      if (s.signal) return [s.key, s.times.length, s.meta ?? null, s.signal];
      return s.meta ? [s.key, s.times.length, s.meta] : [s.key, s.times.length];
    }),
  };
  return frame(header, new Uint8Array(data.buffer));
}

export function decodeLogEntry(bytes: Uint8Array): LogEntry {
  type Header = { v: number; first: number; last: number; feedback: LoggedFeedback[]; series: [string, number, (SeriesMeta | null)?, SavedSignal?][] };
  const { header, payload } = unframe<Header>(bytes);
  if (header.v !== 1) throw new Error(`unknown log entry version ${header.v}`);
  const data = new Float64Array(payload.slice().buffer);
  let at = 0;
  const series = header.series.map(([key, count, meta, signal]): LoggedSeries => {
    const times = data.subarray(at, at + count);
    const values = data.subarray(at + count, at + 2 * count);
    at += 2 * count;
    return { key, meta: meta ?? undefined, times, values, signal };
  });
  return { firstOffset: header.first, lastOffset: header.last, feedback: header.feedback, series };
}
