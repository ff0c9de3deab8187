import { AnomalyType, FeedbackKind, FeedbackTarget, IncidentStatus, InsightCategory, Severity, TOPICS, createPayload, encodePayload, seriesFingerprintHex, type Insight } from '@vigil/contracts';
import { insightId } from '@vigil/insight';
import { ManualClock, type RunningVigil } from '@vigil/runtime';
import { waitFor } from '@vigil/testing';
import { END, MINUTE, OPENED_AT, Published, publishIncident, seedSlowDatabase, seedTokenSpike, slowIncident } from './rca-scenario';

export interface SuiteHost {
  readonly tenant: string;
  start(clock: ManualClock): Promise<RunningVigil>;
}

/**
 * What insight-engine must do on either bus (issue 12, "Tests that must exist"): an incident
 * yields an insight naming the slow database with evidence within 10 s; an update replaces it;
 * notes on it make the next similar incident cite it; a false positive on an anomaly insight
 * reaches anomaly-detector's topic as feedback on the series.
 */
export function insightEngineScenario(host: SuiteHost): void {
  const clock = new ManualClock(END);
  const tenant = host.tenant;
  const first = `inc-${tenant}-1`;
  const firstInsight = insightId('PERFORMANCE', `incident:${first}`);
  let vigil: RunningVigil;
  let published: Published;

  const storedRows = async (id: string) =>
    (
      await vigil.runtime.store.query<{ n: string; updated: string; title: string }>(
        'SELECT count() AS n, max(toUnixTimestamp64Milli(updated_at)) AS updated, any(title) AS title FROM insights FINAL WHERE tenant = {tenant:String} AND id = {id:String}',
        { tenant, id },
      )
    ).rows[0];

  beforeAll(async () => {
    vigil = await host.start(clock);
    await seedSlowDatabase(vigil.runtime, tenant);
    published = new Published(tenant);
    await published.start(vigil.runtime, `test-insights-${tenant}`);
  }, 90_000);

  afterAll(async () => {
    await published?.stop();
  });

  it('names the slow database as root cause, with evidence, within 10 s of the incident opening', async () => {
    const sent = Date.now();
    await publishIncident(vigil.runtime, slowIncident(tenant, first, 1, IncidentStatus.OPEN, OPENED_AT));
    const [insight] = await waitFor(() => (published.of(firstInsight).length ? published.of(firstInsight) : undefined), { timeoutMillis: 10_000, what: 'the incident insight' });
    const arrived = published.insights.find((i) => i.insight.id === firstInsight)?.atMillis ?? Infinity;

    expect(arrived - sent).toBeLessThan(10_000);
    expect(insight.category).toBe(InsightCategory.PERFORMANCE);
    expect(insight.services).toEqual(['postgres']);
    expect(insight.title).toMatch(/likely caused by postgres/);
    const signals = insight.evidence.filter((e) => e.ref.startsWith('postgres/'));
    expect(signals.length).toBeGreaterThan(0);
    expect(insight.evidence).toContainEqual(expect.objectContaining({ kind: 'incident', ref: first }));
    expect(insight.summary).toMatch(/postgres/);
    expect(insight.recommendation.length).toBeGreaterThan(20);
    expect(Number((await storedRows(firstInsight)).n)).toBe(1);
  }, 30_000);

  it('updates the same insight when the incident is updated, without a duplicate', async () => {
    clock.set(END + MINUTE);
    await publishIncident(vigil.runtime, slowIncident(tenant, first, 2, IncidentStatus.UPDATED, OPENED_AT + 4 * MINUTE));
    const versions = await waitFor(() => (published.of(firstInsight).length >= 2 ? published.of(firstInsight) : undefined), { timeoutMillis: 10_000, what: 'the updated insight' });

    expect(versions[1].id).toBe(versions[0].id);
    expect(versions[1].createdAtUnixMs).toBe(versions[0].createdAtUnixMs);
    expect(versions[1].updatedAtUnixMs).toBe(END + MINUTE);
    const stored = await waitFor(async () => {
      const row = await storedRows(firstInsight);
      return Number(row.updated) === END + MINUTE ? row : undefined;
    }, { timeoutMillis: 5_000, what: 'the stored update' });
    expect(Number(stored.n)).toBe(1);
    const all = await vigil.runtime.store.query<{ n: string }>("SELECT count() AS n FROM insights FINAL WHERE tenant = {tenant:String} AND category = 'performance'", { tenant });
    expect(Number(all.rows[0].n)).toBe(1);
  }, 30_000);

  it('cites the resolved incident and what fixed it when a similar one opens', async () => {
    const note = 'failed over the postgres primary; its disk was saturated';
    const feedback = createPayload(TOPICS.feedback, { id: `fb-${tenant}-1`, tenant, target: FeedbackTarget.INSIGHT, targetId: firstInsight, kind: FeedbackKind.USEFUL, note, user: 'oncall', atUnixMs: END + MINUTE });
    await vigil.runtime.bus.publish(TOPICS.feedback, [{ key: firstInsight, value: encodePayload(TOPICS.feedback, feedback) }]);
    await waitFor(() => (published.of(firstInsight).length >= 3 ? true : undefined), { timeoutMillis: 10_000, what: 'the insight after feedback' });
    await publishIncident(vigil.runtime, slowIncident(tenant, first, 3, IncidentStatus.RESOLVED, OPENED_AT + 20 * MINUTE));

    const second = `inc-${tenant}-2`;
    await publishIncident(vigil.runtime, slowIncident(tenant, second, 1, IncidentStatus.OPEN, OPENED_AT));
    const [insight] = await waitFor(() => {
      const list = published.of(insightId('PERFORMANCE', `incident:${second}`));
      return list.length ? list : undefined;
    }, { timeoutMillis: 10_000, what: 'the second incident insight' });

    expect(insight.evidence).toContainEqual(expect.objectContaining({ kind: 'knowledge', ref: first }));
    expect(insight.recommendation).toContain(note);
    const stored = await vigil.runtime.store.query<{ note: string }>('SELECT note FROM feedback FINAL WHERE tenant = {tenant:String} AND target_id = {id:String}', { tenant, id: firstInsight });
    expect(stored.rows.map((r) => r.note)).toEqual([note]);
  }, 30_000);

  it('turns a false positive on an anomaly insight into feedback on its series for anomaly-detector', async () => {
    const labels = [{ name: 'service.name', value: 'catalog' }];
    const seriesHex = seriesFingerprintHex('process.cpu.utilization', labels);
    const anomaly = createPayload(TOPICS.anomalies, {
      id: `an-${tenant}-1`,
      tenant,
      seriesFingerprint: BigInt(`0x${seriesHex}`),
      metricName: 'process.cpu.utilization',
      labels,
      timeUnixMs: END - MINUTE,
      value: 0.61,
      expected: 0.45,
      lowerBound: 0.3,
      upperBound: 0.6,
      score: 0.7,
      type: AnomalyType.SPIKE,
      severity: Severity.MEDIUM,
      detectedAtUnixMs: END - MINUTE,
    });
    await vigil.runtime.bus.publish(TOPICS.anomalies, [{ key: seriesHex, value: encodePayload(TOPICS.anomalies, anomaly) }]);
    const id = insightId('ANOMALY', `series:${seriesHex}`);
    const [before] = await waitFor(() => (published.of(id).length ? published.of(id) : undefined), { timeoutMillis: 10_000, what: 'the anomaly insight' });

    const click = createPayload(TOPICS.feedback, { id: `fb-${tenant}-2`, tenant, target: FeedbackTarget.INSIGHT, targetId: id, kind: FeedbackKind.FALSE_POSITIVE, note: '', user: 'oncall', atUnixMs: END + MINUTE });
    await vigil.runtime.bus.publish(TOPICS.feedback, [{ key: id, value: encodePayload(TOPICS.feedback, click) }]);
    const series = await waitFor(() => published.feedback.find((f) => f.target === FeedbackTarget.SERIES), { timeoutMillis: 10_000, what: 'feedback on the series' });
    const after: Insight = await waitFor(() => published.of(id)[1], { timeoutMillis: 10_000, what: 'the dismissed anomaly insight' });

    expect(series).toMatchObject({ targetId: seriesHex, kind: FeedbackKind.FALSE_POSITIVE, tenant, user: 'oncall' });
    expect(after.score).toBeLessThan(before.score);
    const rows = await waitFor(async () => {
      const r = await vigil.runtime.store.query<{ target: string }>('SELECT toString(target) AS target FROM feedback FINAL WHERE tenant = {tenant:String} ORDER BY target', { tenant });
      return r.rows.length >= 3 ? r.rows.map((x) => x.target) : undefined;
    }, { timeoutMillis: 10_000, what: 'stored feedback' });
    expect(rows).toEqual(['series', 'insight', 'insight'].sort());
  }, 30_000);

  it('reports an LLM token spike when the clock passes a sweep boundary', async () => {
    await seedTokenSpike(vigil.runtime, tenant);
    const id = insightId('COST', 'cost:gpt-4o-mini:chat');
    clock.set(Math.ceil((END + 2 * MINUTE) / (5 * MINUTE)) * 5 * MINUTE);
    const [cost] = await waitFor(() => (published.of(id).length ? published.of(id) : undefined), { timeoutMillis: 10_000, what: 'the cost insight' });

    expect(cost.category).toBe(InsightCategory.OPTIMIZATION);
    expect(cost.title).toMatch(/^LLM usage spike: gpt-4o-mini chat at 5\.9× its usual tokens$/);
    expect(cost.services).toEqual(['assistant']);
  }, 30_000);
}
