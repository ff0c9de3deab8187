import type { Alert, Anomaly, Feedback, Forecast, Incident, Insight } from '@vigil/contracts';
import { TOPICS, createPayload } from '@vigil/contracts';
import type { RetentionPolicy } from '../retention';
import { alertToRow, anomalyToRow, feedbackToRow, forecastToRow, incidentToRow, insightToRow, mapToLabels } from '../rows/events.rows';
import type { Store } from '../store';

/** A tenant and a time window [from, to) in Unix ms, newest first, at most `limit` (default 500). */
export interface EventWindow {
  readonly tenant: string;
  readonly fromUnixMs: number;
  readonly toUnixMs: number;
  readonly limit?: number;
}

type Row = Record<string, unknown>;

const num = (value: unknown): number => Number(value);
const optionalTime = (value: unknown): number | undefined => (value === null || value === undefined ? undefined : Number(value));
// Aliases get a suffix: ClickHouse lets an alias shadow its column in WHERE/ORDER BY, so
// `toUnixTimestamp64Milli(time) AS time` would make `time >= …` compare numbers with dates.
const ms = (column: string) => `toUnixTimestamp64Milli(${column}) AS ${column}_ms`;
const nullableMs = (column: string) => `if(isNull(${column}), NULL, toUnixTimestamp64Milli(assumeNotNull(${column}))) AS ${column}_ms`;
const enumNumber = (column: string) => `CAST(${column}, 'Int8') AS ${column}_n`;

/**
 * Anomalies, forecasts, alerts, incidents, insights and feedback: insert the topic payloads as
 * they are, read them back as the same messages. Inserts use the `small` mode (many callers, few
 * rows each). Reads use FINAL so a replayed event (same deterministic id) shows once.
 */
export class EventsRepository {
  constructor(
    private readonly store: Store,
    private readonly retention: RetentionPolicy,
  ) {}

  private async insertRows(table: string, rows: readonly object[], deduplicationToken?: string): Promise<void> {
    if (rows.length > 0) await this.store.insert(table, rows, { mode: 'small', deduplicationToken });
  }

  private days(tenant: string): number {
    return this.retention.days('events', tenant);
  }

  async insertAnomalies(anomalies: readonly Anomaly[], deduplicationToken?: string): Promise<void> {
    await this.insertRows('anomalies', anomalies.map((a) => anomalyToRow(a, this.days(a.tenant))), deduplicationToken);
  }

  /** Anomalies whose point time is in the window; optionally of one series. */
  async listAnomalies(window: EventWindow & { fingerprint?: bigint }): Promise<Anomaly[]> {
    const result = await this.store.query<Row>(
      `SELECT tenant, id, fingerprint, metric_name, labels, ${ms('time')}, value, expected, lower_bound, upper_bound, score,
              ${enumNumber('type')}, ${enumNumber('severity')}, detectors_name, detectors_score, detectors_reason, explanation, ${ms('detected_at')}
       FROM anomalies FINAL
       WHERE tenant = {tenant:String} AND time >= fromUnixTimestamp64Milli({from:Int64}) AND time < fromUnixTimestamp64Milli({to:Int64})
         AND ({fingerprint:UInt64} = 0 OR fingerprint = {fingerprint:UInt64})
       ORDER BY time DESC, id LIMIT {limit:UInt32}`,
      { ...windowParams(window), fingerprint: window.fingerprint ?? 0n },
    );
    return result.rows.map((row) =>
      createPayload(TOPICS.anomalies, {
        tenant: row.tenant as string,
        id: row.id as string,
        seriesFingerprint: BigInt(row.fingerprint as string),
        metricName: row.metric_name as string,
        labels: mapToLabels(row.labels as Record<string, string>),
        timeUnixMs: num(row.time_ms),
        value: num(row.value),
        expected: num(row.expected),
        lowerBound: num(row.lower_bound),
        upperBound: num(row.upper_bound),
        score: num(row.score),
        type: num(row.type_n),
        severity: num(row.severity_n),
        detectors: (row.detectors_name as string[]).map((detector, i) => ({
          detector,
          score: num((row.detectors_score as number[])[i]),
          reason: (row.detectors_reason as string[])[i],
        })),
        explanation: row.explanation as string,
        detectedAtUnixMs: num(row.detected_at_ms),
      }),
    );
  }

  async insertForecasts(forecasts: readonly Forecast[], deduplicationToken?: string): Promise<void> {
    await this.insertRows('forecasts', forecasts.map((f) => forecastToRow(f, this.days(f.tenant))), deduplicationToken);
  }

  /** Forecasts made in the window; optionally of one series. */
  async listForecasts(window: EventWindow & { fingerprint?: bigint }): Promise<Forecast[]> {
    const result = await this.store.query<Row>(
      `SELECT tenant, id, fingerprint, metric_name, labels, ${ms('generated_at')}, step_millis,
              arrayMap(t -> toUnixTimestamp64Milli(t), points_time) AS points_time, points_value,
              points_lower_80, points_upper_80, points_lower_95, points_upper_95, threshold,
              ${nullableMs('breach_at')}, ${nullableMs('earliest_breach_at')}, ${enumNumber('action')}, model, mase, explanation
       FROM forecasts FINAL
       WHERE tenant = {tenant:String} AND generated_at >= fromUnixTimestamp64Milli({from:Int64}) AND generated_at < fromUnixTimestamp64Milli({to:Int64})
         AND ({fingerprint:UInt64} = 0 OR fingerprint = {fingerprint:UInt64})
       ORDER BY generated_at DESC, id LIMIT {limit:UInt32}`,
      { ...windowParams(window), fingerprint: window.fingerprint ?? 0n },
    );
    return result.rows.map((row) => {
      const column = (name: string) => (row[name] as unknown[]).map(num);
      const times = column('points_time');
      return createPayload(TOPICS.forecasts, {
        tenant: row.tenant as string,
        id: row.id as string,
        seriesFingerprint: BigInt(row.fingerprint as string),
        metricName: row.metric_name as string,
        labels: mapToLabels(row.labels as Record<string, string>),
        generatedAtUnixMs: num(row.generated_at_ms),
        stepMillis: num(row.step_millis),
        points: times.map((timeUnixMs, i) => ({
          timeUnixMs,
          value: column('points_value')[i],
          lower80: column('points_lower_80')[i],
          upper80: column('points_upper_80')[i],
          lower95: column('points_lower_95')[i],
          upper95: column('points_upper_95')[i],
        })),
        threshold: optionalTime(row.threshold),
        breachAtUnixMs: optionalTime(row.breach_at_ms),
        earliestBreachAtUnixMs: optionalTime(row.earliest_breach_at_ms),
        action: num(row.action_n),
        model: row.model as string,
        mase: row.mase === null ? Number.NaN : num(row.mase),
        explanation: row.explanation as string,
      });
    });
  }

  async insertAlerts(alerts: readonly Alert[], deduplicationToken?: string): Promise<void> {
    await this.insertRows('alerts', alerts.map((a) => alertToRow(a, this.days(a.tenant))), deduplicationToken);
  }

  /** Alert state changes of alerts that started in the window. */
  async listAlerts(window: EventWindow): Promise<Alert[]> {
    const result = await this.store.query<Row>(
      `SELECT tenant, fingerprint, ${enumNumber('status')}, labels, annotations, ${ms('starts_at')}, ${nullableMs('ends_at')},
              generator_url, ${enumNumber('source')}, ${ms('updated_at')}
       FROM alerts FINAL
       WHERE tenant = {tenant:String} AND starts_at >= fromUnixTimestamp64Milli({from:Int64}) AND starts_at < fromUnixTimestamp64Milli({to:Int64})
       ORDER BY updated_at DESC, fingerprint LIMIT {limit:UInt32}`,
      windowParams(window),
    );
    return result.rows.map((row) =>
      createPayload(TOPICS.alerts, {
        tenant: row.tenant as string,
        fingerprint: row.fingerprint as string,
        status: num(row.status_n),
        labels: mapToLabels(row.labels as Record<string, string>),
        annotations: mapToLabels(row.annotations as Record<string, string>),
        startsAtUnixMs: num(row.starts_at_ms),
        endsAtUnixMs: optionalTime(row.ends_at_ms) ?? 0,
        generatorUrl: row.generator_url as string,
        source: num(row.source_n),
        updatedAtUnixMs: num(row.updated_at_ms),
      }),
    );
  }

  async insertIncidents(incidents: readonly Incident[], deduplicationToken?: string): Promise<void> {
    await this.insertRows('incidents', incidents.map((i) => incidentToRow(i, this.days(i.tenant))), deduplicationToken);
  }

  /** Latest revision of each incident opened in the window. */
  async listIncidents(window: EventWindow): Promise<Incident[]> {
    const result = await this.store.query<Row>(
      `SELECT tenant, id, revision, ${enumNumber('status')}, title, ${enumNumber('severity')}, member_alert_fingerprints,
              firing_alert_fingerprints, services, root_cause_service, root_cause_reason, root_cause_confidence,
              ${ms('opened_at')}, ${ms('updated_at')}, ${nullableMs('resolved_at')}
       FROM incidents FINAL
       WHERE tenant = {tenant:String} AND opened_at >= fromUnixTimestamp64Milli({from:Int64}) AND opened_at < fromUnixTimestamp64Milli({to:Int64})
       ORDER BY opened_at DESC, id LIMIT {limit:UInt32}`,
      windowParams(window),
    );
    return result.rows.map((row) =>
      createPayload(TOPICS.incidents, {
        tenant: row.tenant as string,
        id: row.id as string,
        revision: num(row.revision),
        status: num(row.status_n),
        title: row.title as string,
        severity: num(row.severity_n),
        memberAlertFingerprints: row.member_alert_fingerprints as string[],
        firingAlertFingerprints: row.firing_alert_fingerprints as string[],
        services: row.services as string[],
        rootCauseHint:
          row.root_cause_service === ''
            ? undefined
            : { service: row.root_cause_service as string, reason: row.root_cause_reason as string, confidence: num(row.root_cause_confidence) },
        openedAtUnixMs: num(row.opened_at_ms),
        updatedAtUnixMs: num(row.updated_at_ms),
        resolvedAtUnixMs: optionalTime(row.resolved_at_ms) ?? 0,
      }),
    );
  }

  async insertInsights(insights: readonly Insight[], deduplicationToken?: string): Promise<void> {
    await this.insertRows('insights', insights.map((i) => insightToRow(i, this.days(i.tenant))), deduplicationToken);
  }

  /** Latest version of each insight created in the window, highest score first. */
  async listInsights(window: EventWindow): Promise<Insight[]> {
    const result = await this.store.query<Row>(
      `SELECT tenant, id, ${enumNumber('category')}, ${enumNumber('severity')}, score, title, summary, recommendation,
              evidence_kind, evidence_ref, evidence_description, services, ${ms('created_at')}, ${ms('updated_at')}, ${nullableMs('expires_at')}
       FROM insights FINAL
       WHERE tenant = {tenant:String} AND created_at >= fromUnixTimestamp64Milli({from:Int64}) AND created_at < fromUnixTimestamp64Milli({to:Int64})
       ORDER BY score DESC, id LIMIT {limit:UInt32}`,
      windowParams(window),
    );
    return result.rows.map((row) =>
      createPayload(TOPICS.insights, {
        tenant: row.tenant as string,
        id: row.id as string,
        category: num(row.category_n),
        severity: num(row.severity_n),
        score: num(row.score),
        title: row.title as string,
        summary: row.summary as string,
        recommendation: row.recommendation as string,
        evidence: (row.evidence_kind as string[]).map((kind, i) => ({
          kind,
          ref: (row.evidence_ref as string[])[i],
          description: (row.evidence_description as string[])[i],
        })),
        services: row.services as string[],
        createdAtUnixMs: num(row.created_at_ms),
        updatedAtUnixMs: num(row.updated_at_ms),
        expiresAtUnixMs: optionalTime(row.expires_at_ms) ?? 0,
      }),
    );
  }

  async insertFeedback(feedback: readonly Feedback[], deduplicationToken?: string): Promise<void> {
    await this.insertRows('feedback', feedback.map((f) => feedbackToRow(f, this.days(f.tenant))), deduplicationToken);
  }

  /** Feedback given in the window; optionally about one target id. */
  async listFeedback(window: EventWindow & { targetId?: string }): Promise<Feedback[]> {
    const result = await this.store.query<Row>(
      `SELECT tenant, id, ${enumNumber('target')}, target_id, ${enumNumber('kind')}, note, user, ${ms('at')}
       FROM feedback FINAL
       WHERE tenant = {tenant:String} AND at >= fromUnixTimestamp64Milli({from:Int64}) AND at < fromUnixTimestamp64Milli({to:Int64})
         AND ({targetId:String} = '' OR target_id = {targetId:String})
       ORDER BY at DESC, id LIMIT {limit:UInt32}`,
      { ...windowParams(window), targetId: window.targetId ?? '' },
    );
    return result.rows.map((row) =>
      createPayload(TOPICS.feedback, {
        tenant: row.tenant as string,
        id: row.id as string,
        target: num(row.target_n),
        targetId: row.target_id as string,
        kind: num(row.kind_n),
        note: row.note as string,
        user: row.user as string,
        atUnixMs: num(row.at_ms),
      }),
    );
  }
}

function windowParams(window: EventWindow) {
  return { tenant: window.tenant, from: window.fromUnixMs, to: window.toUnixMs, limit: window.limit ?? 500 };
}
