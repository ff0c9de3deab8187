import {
  AlertSource,
  AlertStatus,
  AnomalyType,
  CapacityAction,
  FeedbackKind,
  FeedbackTarget,
  IncidentStatus,
  InsightCategory,
  Severity,
  SpanKind,
  SpanStatusCode,
  TOPICS,
  createPayload,
  hexToBytes,
} from '@vigil/contracts';
import { EventsRepository, LogsRepository, TracesRepository, retentionPolicy } from '../src';
import { recentMinuteUnixMs, useEmbeddedStore } from './embedded-store';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('traces, logs and derived events on chDB', () => {
  const ctx = useEmbeddedStore();
  const retention = retentionPolicy();

  it('stores spans and fetches one trace through the trace index, attributes split by type', async () => {
    const startNs = BigInt(recentMinuteUnixMs()) * 1_000_000n + 123n;
    const span = (spanId: string, parent: string, service: string, offsetNs: bigint, durationNs: bigint) => ({
      traceId: hexToBytes(TRACE),
      spanId: hexToBytes(spanId),
      parentSpanId: parent === '' ? new Uint8Array() : hexToBytes(parent),
      tenant: 'acme',
      service,
      name: 'GET /cart',
      kind: SpanKind.SERVER,
      startTimeUnixNano: startNs + offsetNs,
      endTimeUnixNano: startNs + offsetNs + durationNs,
      statusCode: SpanStatusCode.ERROR,
      attributes: [
        { key: 'http.route', value: { case: 'stringValue' as const, value: '/cart' } },
        { key: 'http.response.status_code', value: { case: 'intValue' as const, value: 503n } },
        { key: 'retry', value: { case: 'boolValue' as const, value: true } },
      ],
      events: [{ timeUnixNano: startNs + offsetNs + 5n, name: 'exception', attributes: [{ key: 'exception.type', value: { case: 'stringValue' as const, value: 'Timeout' } }] }],
    });
    const repository = new TracesRepository(ctx.store, retention);
    await repository.insertSpanBatch(
      createPayload(TOPICS.spans, { spans: [span('00f067aa0ba902b7', '', 'web', 0n, 2_000_000n), span('00f067aa0ba902b8', '00f067aa0ba902b7', 'cart', 1000n, 500_000n)] }),
    );
    const trace = await repository.getTrace('acme', TRACE);
    expect(trace.map((s) => [s.spanId, s.parentSpanId, s.service])).toEqual([
      ['00f067aa0ba902b7', '', 'web'],
      ['00f067aa0ba902b8', '00f067aa0ba902b7', 'cart'],
    ]);
    expect(trace[0].startUnixNano).toBe(startNs);
    expect(trace[0].durationNanos).toBe(2_000_000n);
    expect(trace[0]).toMatchObject({
      statusCode: 'error',
      kind: 'server',
      attributesString: { 'http.route': '/cart' },
      attributesNumber: { 'http.response.status_code': 503 },
      attributesBool: { retry: true },
    });
    expect(trace[0].events).toEqual([{ timeUnixNano: startNs + 5n, name: 'exception', attributes: { 'exception.type': 'Timeout' } }]);
    const promoted = await ctx.store.query<{ http_route: string; http_status_code: number }>('SELECT http_route, http_status_code FROM spans WHERE tenant = {t:String} LIMIT 1', { t: 'acme' });
    expect(promoted.rows).toEqual([{ http_route: '/cart', http_status_code: 503 }]);
    expect(await repository.getTrace('other-tenant', TRACE)).toEqual([]);
  });

  it('sums service-graph edges per pair', async () => {
    const repository = new TracesRepository(ctx.store, retention);
    const minute = recentMinuteUnixMs();
    const edge = { tenant: 'acme', minuteUnixMs: minute, parentService: 'web', childService: 'cart', calls: 10, errors: 1, durationNanosSum: 5_000_000n };
    await repository.insertServiceEdges([edge, { ...edge, minuteUnixMs: minute + 60_000, calls: 5, errors: 0 }]);
    expect(await repository.listServiceEdges('acme', minute, minute + 120_000)).toEqual([
      { parentService: 'web', childService: 'cart', calls: 15, errors: 1, durationNanosSum: 10_000_000n },
    ]);
  });

  it('stores log records and reads them by service, trace and severity', async () => {
    const timeNs = BigInt(recentMinuteUnixMs()) * 1_000_000n;
    const repository = new LogsRepository(ctx.store, retention);
    await repository.insertLogBatch(
      createPayload(TOPICS.logs, {
        records: [
          { timeUnixNano: timeNs, observedTimeUnixNano: timeNs, tenant: 'acme', service: 'cart', severityNumber: 17, severityText: 'ERROR', body: 'payment timed out', traceId: hexToBytes(TRACE) },
          { timeUnixNano: timeNs + 1n, observedTimeUnixNano: timeNs, tenant: 'acme', service: 'cart', severityNumber: 9, severityText: 'INFO', body: 'ok' },
        ],
      }),
    );
    const window = { tenant: 'acme', fromUnixMs: recentMinuteUnixMs() - 1, toUnixMs: Date.now() };
    expect((await repository.readLogs({ ...window, service: 'cart' })).map((l) => l.body)).toEqual(['ok', 'payment timed out']);
    expect((await repository.readLogs({ ...window, traceId: TRACE })).map((l) => l.severityText)).toEqual(['ERROR']);
    expect((await repository.readLogs({ ...window, minSeverityNumber: 13 })).map((l) => l.timeUnixNano)).toEqual([timeNs]);
  });

  it('round-trips every derived event and shows a replayed event once', async () => {
    const repository = new EventsRepository(ctx.store, retention);
    const at = recentMinuteUnixMs();
    const window = { tenant: 'acme', fromUnixMs: at - 60_000, toUnixMs: at + 3_600_000 };
    const anomaly = createPayload(TOPICS.anomalies, {
      id: 'a1', tenant: 'acme', seriesFingerprint: 42n, metricName: 'latency', labels: [{ name: 'service', value: 'cart' }],
      timeUnixMs: at, value: 9, expected: 1, lowerBound: 0.5, upperBound: 2, score: 0.97, type: AnomalyType.SPIKE, severity: Severity.HIGH,
      detectors: [{ detector: 'mad', score: 0.97, reason: '8 MADs above median' }], explanation: 'latency tripled', detectedAtUnixMs: at + 1000,
    });
    await repository.insertAnomalies([anomaly]);
    await repository.insertAnomalies([anomaly]); // a replay after a rebalance
    expect(await repository.listAnomalies(window)).toEqual([anomaly]);
    expect(await repository.listAnomalies({ ...window, fingerprint: 7n })).toEqual([]);

    const forecast = createPayload(TOPICS.forecasts, {
      id: 'f1', tenant: 'acme', seriesFingerprint: 42n, metricName: 'disk_used_ratio', generatedAtUnixMs: at, stepMillis: 3_600_000,
      points: [{ timeUnixMs: at + 3_600_000, value: 0.8, lower80: 0.75, upper80: 0.85, lower95: 0.7, upper95: 0.9 }],
      threshold: 0.85, breachAtUnixMs: at + 7_200_000, action: CapacityAction.PLAN_SCALE_UP, model: 'ets', mase: Number.NaN, explanation: 'grows 1 %/h',
    });
    await repository.insertForecasts([forecast]);
    const [storedForecast] = await repository.listForecasts(window);
    expect(storedForecast).toEqual({ ...forecast, mase: Number.NaN });
    expect(storedForecast.earliestBreachAtUnixMs).toBeUndefined();

    const alert = createPayload(TOPICS.alerts, {
      fingerprint: 'abc123', tenant: 'acme', status: AlertStatus.FIRING, labels: [{ name: 'alertname', value: 'HighLatency' }],
      annotations: [{ name: 'summary', value: 'slow' }], startsAtUnixMs: at, source: AlertSource.ANOMALY_DETECTOR, updatedAtUnixMs: at,
    });
    await repository.insertAlerts([alert, { ...alert, status: AlertStatus.RESOLVED, endsAtUnixMs: at + 60_000, updatedAtUnixMs: at + 60_000 }]);
    expect((await repository.listAlerts(window)).map((a) => [a.status, a.endsAtUnixMs])).toEqual([
      [AlertStatus.RESOLVED, at + 60_000],
      [AlertStatus.FIRING, 0],
    ]);

    const incident = createPayload(TOPICS.incidents, {
      id: 'i1', tenant: 'acme', status: IncidentStatus.OPEN, revision: 1, title: 'cart slow', severity: Severity.HIGH,
      memberAlertFingerprints: ['abc123'], firingAlertFingerprints: ['abc123'], services: ['cart'],
      rootCauseHint: { service: 'cart', reason: 'first alert', confidence: 0.6 }, openedAtUnixMs: at, updatedAtUnixMs: at,
    });
    await repository.insertIncidents([incident, { ...incident, status: IncidentStatus.RESOLVED, revision: 2, resolvedAtUnixMs: at + 5000 }]);
    const incidents = await repository.listIncidents(window);
    expect(incidents.map((i) => [i.revision, i.status, i.resolvedAtUnixMs])).toEqual([[2, IncidentStatus.RESOLVED, at + 5000]]);
    expect(incidents[0].rootCauseHint).toEqual(incident.rootCauseHint);

    const insight = createPayload(TOPICS.insights, {
      id: 'n1', tenant: 'acme', category: InsightCategory.CAPACITY, severity: Severity.MEDIUM, score: 0.7, title: 'disk fills in 2 h',
      summary: 's', recommendation: 'grow the volume', evidence: [{ kind: 'forecast', ref: 'f1', description: 'breach at +2 h' }],
      services: ['db'], createdAtUnixMs: at, updatedAtUnixMs: at,
    });
    await repository.insertInsights([insight]);
    expect(await repository.listInsights(window)).toEqual([insight]);

    const feedback = createPayload(TOPICS.feedback, {
      id: 'fb1', tenant: 'acme', target: FeedbackTarget.INSIGHT, targetId: 'n1', kind: FeedbackKind.FALSE_POSITIVE, note: 'planned', user: 'ana', atUnixMs: at,
    });
    await repository.insertFeedback([feedback]);
    expect(await repository.listFeedback({ ...window, targetId: 'n1' })).toEqual([feedback]);
  });
});
