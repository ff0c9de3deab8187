import { engineSuite, waitFor } from '@vigil/testing';
import { startIngest, type RunningIngest } from './ingest-harness';
import { FaultLoad, problemsOnceSettled } from './fixtures/fault-load';
import { OwnKafkaBroker } from './fixtures/own-kafka-broker';

/** How long the broker stays down while the producer keeps sending. */
const OUTAGE_MILLIS = 12_000;

/**
 * The Kafka broker is stopped and started again while a producer keeps sending to ingest over
 * HTTP. The broker is the test's own (tools/engines on free ports and a temp folder): the shared
 * one serves other suites. While it is down, ingest must refuse with 503 + Retry-After rather
 * than answer 2xx for data it could not make durable; after it is back, every 2xx point is in
 * the store exactly once.
 */
engineSuite('ingest while the Kafka broker restarts (own broker, chDB)', ['kafka'], () => {
  let broker: OwnKafkaBroker | undefined;
  let ingest: RunningIngest | undefined;
  afterAll(async () => {
    await ingest?.stop();
    await broker?.destroy();
  }, 60_000);

  it('answers 503 + Retry-After during the outage and stores every 2xx point exactly once', async () => {
    broker = await OwnKafkaBroker.start();
    ingest = await startIngest({ bus: { kind: 'kafka', brokers: [broker.address], clientId: `ingest-restart-${process.pid}` } });
    const load = new FaultLoad(ingest.url, `restart.e2e.${process.pid}.${Date.now()}`);
    const started = Date.now();
    load.start();
    try {
      await waitFor(() => load.acceptedPoints >= 20 * load.pointsPerRequest, { timeoutMillis: 30_000, what: 'ingest accepting before the outage' });
      const down = Date.now();
      await broker.stop();
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MILLIS));
      await broker.restart();
      const up = Date.now();
      // kafkajs backs off up to ~15 s between reconnects; a busy machine slows the broker's start too.
      await waitFor(() => load.answersSince(up).some((a) => a.status === 200), { timeoutMillis: 120_000, intervalMillis: 250, what: 'a 2xx after the broker came back' }).catch((error: Error) => {
        throw new Error(`${error.message} (down at ${down - started} ms, up at ${up - started} ms; answers by send time: ${load.timeline()})`);
      });
      const duringOutage = load.answersSince(down).filter((a) => a.sentAtMillis < up);
      expect(duringOutage.some((a) => a.status === 503 && a.retryAfter !== null)).toBe(true);
    } finally {
      await load.stop();
    }
    expect(await problemsOnceSettled(ingest.runtime.store, load)).toEqual([]);
  }, 300_000);
});
