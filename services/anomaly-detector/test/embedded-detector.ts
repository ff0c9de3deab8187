/**
 * anomaly-detector alone in embedded mode for the service tests: the real runner with MemoryBus,
 * chDB in a temp folder and MemoryState, on a simulated clock, plus a collector of what it
 * publishes. Only the clock is not real.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { BusConsumer } from '@vigil/bus';
import { loadConfig } from '@vigil/config';
import { FeedbackKind, MetricType, TOPICS, createPayload, decodePayload, encodePayload, seriesFingerprintHex, type Alert, type Anomaly, type FeedbackTarget, type SeriesSchema } from '@vigil/contracts';
import { createLogger } from '@vigil/observability';
import { ManualClock, startServices, type RunningVigil } from '@vigil/runtime';
import { freePort } from '@vigil/testing';
import { anomalyDetectorService } from '../src';

export const MINUTE = 60_000;

/** A series as a producer sends it (fingerprint computed here). */
export type SeriesInit = Omit<MessageInitShape<typeof SeriesSchema>, 'fingerprint' | 'name' | 'labels'> & { name: string; labels: { name: string; value: string }[] };

/** One series a test feeds: point i is at `t0 + i` minutes. */
export interface FedSeries {
  readonly tenant: string;
  readonly name: string;
  readonly labels: readonly { name: string; value: string }[];
  readonly value: (i: number) => number;
}

export class EmbeddedDetector {
  readonly anomalies: Anomaly[] = [];
  readonly alerts: Alert[] = [];
  private collector?: BusConsumer;

  private constructor(
    readonly vigil: RunningVigil,
    readonly clock: ManualClock,
    private readonly t0: number,
    private readonly dataDir: string,
  ) {}

  /** Starts it with inboxPollMillis 0, so feedback applies on the next batch and tests do not race the poll. */
  static async start(t0: number): Promise<EmbeddedDetector> {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-detector-'));
    const clock = new ManualClock(t0);
    const config = loadConfig({ overrides: { dataDir, listen: { ops: { port: await freePort() } }, services: { 'anomaly-detector': { inboxPollMillis: 0 } } } });
    const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
    const detector = new EmbeddedDetector(await startServices({ config, services: [anomalyDetectorService], logger, clock }), clock, t0, dataDir);
    detector.collector = detector.vigil.runtime.bus.consumer({
      groupId: 'test-detector-output',
      handlers: [
        { topic: TOPICS.anomalies, decode: (b) => decodePayload(TOPICS.anomalies, b), handle: async (batch) => void detector.anomalies.push(...batch.messages.map((m) => m.value as Anomaly)) },
        { topic: TOPICS.alerts, decode: (b) => decodePayload(TOPICS.alerts, b), handle: async (batch) => void detector.alerts.push(...batch.messages.map((m) => m.value as Alert)) },
      ],
    });
    await detector.collector.start();
    return detector;
  }

  async stop(): Promise<void> {
    await this.collector?.stop();
    await this.vigil.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Points [from, to) of every series, 50 per message keyed by series fingerprint; then the clock moves to `to`. */
  async publishPoints(series: readonly FedSeries[], from: number, to: number): Promise<void> {
    for (let start = from; start < to; start += 50) {
      const messages = series.map((s) => {
        const times: number[] = [];
        const values: number[] = [];
        for (let i = start; i < Math.min(to, start + 50); i++) {
          times.push(this.t0 + i * MINUTE);
          values.push(s.value(i));
        }
        const fingerprint = seriesFingerprintHex(s.name, s.labels);
        const init = { fingerprint: BigInt(`0x${fingerprint}`), tenant: s.tenant, name: s.name, labels: [...s.labels], type: MetricType.GAUGE, sampleTimesUnixMs: times, sampleValues: values };
        return { key: fingerprint, value: encodePayload(TOPICS.metrics, createPayload(TOPICS.metrics, { series: [init] })) };
      });
      await this.vigil.runtime.bus.publish(TOPICS.metrics, messages);
    }
    this.clock.set(this.t0 + to * MINUTE);
  }

  /** Publishes series as they are (any metric type), one message per series keyed by its fingerprint; then the clock moves to `nowMillis`. */
  async publishSeries(series: readonly SeriesInit[], nowMillis: number): Promise<void> {
    const messages = series.map((init) => {
      const fingerprint = seriesFingerprintHex(init.name, init.labels);
      const full = { ...init, fingerprint: BigInt(`0x${fingerprint}`) };
      return { key: fingerprint, value: encodePayload(TOPICS.metrics, createPayload(TOPICS.metrics, { series: [full as MessageInitShape<typeof SeriesSchema>] })) };
    });
    await this.vigil.runtime.bus.publish(TOPICS.metrics, messages);
    this.clock.set(nowMillis);
  }

  /** Publishes one false-positive report. */
  async falsePositive(tenant: string, id: string, target: FeedbackTarget, targetId: string): Promise<void> {
    const report = createPayload(TOPICS.feedback, { id, tenant, target, targetId, kind: FeedbackKind.FALSE_POSITIVE, user: 'sre', atUnixMs: this.clock.now() });
    await this.vigil.runtime.bus.publish(TOPICS.feedback, [{ key: targetId, value: encodePayload(TOPICS.feedback, report) }]);
  }
}
