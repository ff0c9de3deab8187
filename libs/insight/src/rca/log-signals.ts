/**
 * Logs → per-service signals: one count series per mined template (so a new or surging message
 * shows up as a change) and one for error-severity lines.
 */
import { TemplateMiner } from './log-template-miner';
import type { Signal } from './signal-change';
import type { LogRecord, TimedValue } from './types';

const ERROR_SEVERITY = /^(error|err|fatal|critical|crit|alert|emerg|severe|panic)/i;
/** Cap on template series per service, most frequent in the window first, to bound the work. */
const MAX_TEMPLATES_PER_SERVICE = 50;

export interface TimeRange {
  startMillis: number;
  endMillis: number;
}

export function signalsFromLogs(
  logs: readonly LogRecord[],
  normalLogs: readonly LogRecord[],
  window: TimeRange,
  bucketMillis: number,
): Signal[] {
  const miner = new TemplateMiner();
  // Normal lines first, so templates that existed before the incident keep their ids and a
  // message never seen before stands out as a new template.
  const normalIds = normalLogs.map((l) => miner.add(l.body).id);
  const windowIds = logs.map((l) => miner.add(l.body).id);
  const texts = new Map(miner.templates().map((t) => [t.id, t.text]));

  const normalRange = rangeOf(normalLogs);
  const counters = new Map<string, { window: number[]; normal: number[]; total: number }>();
  const windowBuckets = bucketCount(window, bucketMillis);
  const normalBuckets = normalRange ? bucketCount(normalRange, bucketMillis) : 0;
  const counter = (service: string, indicator: string) => {
    const key = `${service}\u0000${indicator}`;
    let c = counters.get(key);
    if (!c) {
      c = { window: new Array(windowBuckets).fill(0), normal: new Array(normalBuckets).fill(0), total: 0 };
      counters.set(key, c);
    }
    return c;
  };
  logs.forEach((log, i) => {
    const bucket = Math.floor((log.timeMillis - window.startMillis) / bucketMillis);
    if (bucket < 0 || bucket >= windowBuckets) return;
    for (const indicator of indicatorsOf(log, texts.get(windowIds[i]) ?? '')) {
      const c = counter(log.service, indicator);
      c.window[bucket] += 1;
      c.total += 1;
    }
  });
  if (normalRange) {
    normalLogs.forEach((log, i) => {
      const bucket = Math.floor((log.timeMillis - normalRange.startMillis) / bucketMillis);
      for (const indicator of indicatorsOf(log, texts.get(normalIds[i]) ?? '')) {
        const key = `${log.service}\u0000${indicator}`;
        const c = counters.get(key);
        if (c && bucket >= 0 && bucket < c.normal.length) c.normal[bucket] += 1;
      }
    });
  }

  const perService = new Map<
    string,
    Array<[string, { window: number[]; normal: number[]; total: number }]>
  >();
  for (const [key, c] of counters) {
    const [service, indicator] = key.split('\u0000');
    const list = perService.get(service) ?? [];
    list.push([indicator, c]);
    perService.set(service, list);
  }
  const signals: Signal[] = [];
  for (const [service, list] of perService) {
    list.sort((a, b) => b[1].total - a[1].total || a[0].localeCompare(b[0]));
    for (const [indicator, c] of list.slice(0, MAX_TEMPLATES_PER_SERVICE)) {
      const points: TimedValue[] = c.window.map((value, i) => ({
        timeMillis: window.startMillis + i * bucketMillis,
        value,
      }));
      signals.push({
        service,
        indicator,
        source: 'log',
        direction: 'up',
        isCount: true,
        points,
        normal: c.normal,
      });
    }
  }
  return signals;
}

function indicatorsOf(log: LogRecord, template: string): string[] {
  const indicators = [`log:${template.length > 120 ? `${template.slice(0, 117)}...` : template}`];
  if (ERROR_SEVERITY.test(log.severity)) indicators.push('log_errors');
  return indicators;
}

function rangeOf(logs: readonly LogRecord[]): TimeRange | null {
  if (logs.length === 0) return null;
  let startMillis = Number.POSITIVE_INFINITY;
  let endMillis = Number.NEGATIVE_INFINITY;
  for (const l of logs) {
    startMillis = Math.min(startMillis, l.timeMillis);
    endMillis = Math.max(endMillis, l.timeMillis);
  }
  return { startMillis, endMillis };
}

function bucketCount(range: TimeRange, bucketMillis: number): number {
  return Math.max(1, Math.floor((range.endMillis - range.startMillis) / bucketMillis) + 1);
}
