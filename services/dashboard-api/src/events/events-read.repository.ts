import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { END_OF_TIME_MILLIS } from '../http/pagination';
import { TenantStore } from '../tenant-store';

export interface EventQuery {
  fromMillis: number;
  toMillis: number;
  limit: number;
  before?: { atMillis: number; id: string };
  metric?: string;
  severity?: string;
  type?: string;
  service?: string;
  status?: string;
}

const iso = (ms: string | number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
const ms = (column: string) => `toUnixTimestamp64Milli(${column})`;
/** Keyset paging on (time, id), newest first. */
const keyset = (time: string, id: string) =>
  `(${time}, ${id}) < (fromUnixTimestamp64Milli({beforeAt:Int64}), {beforeId:String}) ORDER BY ${time} DESC, ${id} DESC LIMIT {limit:UInt32}`;

type Row = Record<string, unknown>;

/** Reads of anomalies, forecasts, alerts, incidents, insights and SLO status (tenant bound by TenantStore). */
@Injectable()
export class EventsReadRepository {
  constructor(private readonly store: TenantStore) {}

  private base(q: EventQuery) {
    return {
      from: q.fromMillis, to: q.toMillis, limit: q.limit,
      beforeAt: q.before?.atMillis ?? END_OF_TIME_MILLIS, beforeId: q.before?.id ?? '',
    };
  }

  async anomalies(caller: Principal, q: EventQuery) {
    const rows = await this.store.query<Row>(
      caller,
      `SELECT id, toString(fingerprint) AS fingerprint, metric_name, labels, ${ms('time')} AS t, value, expected, lower_bound, upper_bound, score,
              toString(type) AS type, toString(severity) AS severity, explanation
       FROM anomalies FINAL
       WHERE tenant = {tenant:String} AND time >= fromUnixTimestamp64Milli({from:Int64}) AND time <= fromUnixTimestamp64Milli({to:Int64})
         AND ({metric:String} = '' OR metric_name = {metric:String}) AND ({severity:String} = '' OR toString(severity) = {severity:String})
         AND ({type:String} = '' OR toString(type) = {type:String}) AND ({service:String} = '' OR labels['service'] = {service:String} OR labels['service.name'] = {service:String})
         AND ${keyset('time', 'id')}`,
      { ...this.base(q), metric: q.metric ?? '', severity: q.severity ?? '', type: q.type ?? '', service: q.service ?? '' },
    );
    return rows.map((r) => ({
      id: String(r.id), fingerprint: String(r.fingerprint), metric: String(r.metric_name), labels: r.labels as Record<string, string>, time: iso(r.t as string)!,
      value: Number(r.value), expected: Number(r.expected), lowerBound: Number(r.lower_bound), upperBound: Number(r.upper_bound), score: Number(r.score),
      type: String(r.type), severity: String(r.severity), explanation: String(r.explanation),
    }));
  }

  async forecasts(caller: Principal, q: EventQuery) {
    const rows = await this.store.query<Row>(
      caller,
      `SELECT id, toString(fingerprint) AS fingerprint, metric_name, labels, ${ms('generated_at')} AS t, step_millis,
              arrayMap(x -> ${ms('x')}, points_time) AS times, points_value, points_lower_95, points_upper_95, threshold,
              ${ms('breach_at')} AS breach, toString(action) AS action, model, explanation
       FROM forecasts FINAL
       WHERE tenant = {tenant:String} AND generated_at >= fromUnixTimestamp64Milli({from:Int64}) AND generated_at <= fromUnixTimestamp64Milli({to:Int64})
         AND ({metric:String} = '' OR metric_name = {metric:String}) AND ${keyset('generated_at', 'id')}`,
      { ...this.base(q), metric: q.metric ?? '' },
    );
    return rows.map((r) => {
      const times = r.times as string[];
      const values = r.points_value as number[];
      return {
        id: String(r.id), fingerprint: String(r.fingerprint), metric: String(r.metric_name), labels: r.labels as Record<string, string>, generatedAt: iso(r.t as string)!,
        stepMillis: Number(r.step_millis),
        points: times.map((t, i) => ({ time: iso(t)!, value: Number(values[i]), lower95: Number((r.points_lower_95 as number[])[i]), upper95: Number((r.points_upper_95 as number[])[i]) })),
        threshold: r.threshold === null ? null : Number(r.threshold), breachAt: iso(r.breach as string | null), action: String(r.action), model: String(r.model), explanation: String(r.explanation),
      };
    });
  }

  async alerts(caller: Principal, q: EventQuery) {
    const rows = await this.store.query<Row>(
      caller,
      `SELECT fingerprint, toString(status) AS status, labels, annotations, ${ms('starts_at')} AS starts, ${ms('ends_at')} AS ends, toString(source) AS source, ${ms('updated_at')} AS updated
       FROM alerts FINAL
       WHERE tenant = {tenant:String} AND starts_at >= fromUnixTimestamp64Milli({from:Int64}) AND starts_at <= fromUnixTimestamp64Milli({to:Int64})
         AND ({status:String} = '' OR toString(status) = {status:String}) AND ${keyset('starts_at', 'fingerprint')}`,
      { ...this.base(q), status: q.status ?? '' },
    );
    return rows.map((r) => ({
      fingerprint: String(r.fingerprint), status: String(r.status), labels: r.labels as Record<string, string>, annotations: r.annotations as Record<string, string>,
      startsAt: iso(r.starts as string)!, endsAt: iso(r.ends as string | null), source: String(r.source), updatedAt: iso(r.updated as string)!,
    }));
  }

  async alertsByFingerprint(caller: Principal, fingerprints: readonly string[]) {
    if (fingerprints.length === 0) return [];
    const rows = await this.store.query<Row>(
      caller,
      `SELECT fingerprint, toString(status) AS status, labels, annotations, ${ms('starts_at')} AS starts, ${ms('ends_at')} AS ends, toString(source) AS source, ${ms('updated_at')} AS updated
       FROM alerts FINAL WHERE tenant = {tenant:String} AND has({fps:Array(String)}, fingerprint) ORDER BY updated_at LIMIT 10000`,
      { fps: [...fingerprints] },
    );
    return rows.map((r) => ({
      fingerprint: String(r.fingerprint), status: String(r.status), labels: r.labels as Record<string, string>, annotations: r.annotations as Record<string, string>,
      startsAt: iso(r.starts as string)!, endsAt: iso(r.ends as string | null), source: String(r.source), updatedAt: iso(r.updated as string)!,
    }));
  }

  async incidents(caller: Principal, q: EventQuery & { id?: string }) {
    const rows = await this.store.query<Row>(
      caller,
      `SELECT id, revision, toString(status) AS status, title, toString(severity) AS severity, member_alert_fingerprints, services, root_cause_service, root_cause_reason,
              ${ms('opened_at')} AS opened, ${ms('updated_at')} AS updated, ${ms('resolved_at')} AS resolved
       FROM incidents FINAL
       WHERE tenant = {tenant:String} AND ({id:String} != '' AND id = {id:String}
         OR {id:String} = '' AND opened_at >= fromUnixTimestamp64Milli({from:Int64}) AND opened_at <= fromUnixTimestamp64Milli({to:Int64}))
         AND ({status:String} = '' OR toString(status) = {status:String}) AND ${keyset('opened_at', 'id')}`,
      { ...this.base(q), status: q.status ?? '', id: q.id ?? '' },
    );
    return rows.map((r) => ({
      id: String(r.id), revision: Number(r.revision), status: String(r.status), title: String(r.title), severity: String(r.severity),
      memberAlertFingerprints: r.member_alert_fingerprints as string[], services: r.services as string[], rootCauseService: String(r.root_cause_service),
      rootCauseReason: String(r.root_cause_reason), openedAt: iso(r.opened as string)!, updatedAt: iso(r.updated as string)!, resolvedAt: iso(r.resolved as string | null),
    }));
  }

  async insights(caller: Principal, q: EventQuery & { id?: string }) {
    const rows = await this.store.query<Row>(
      caller,
      `SELECT id, toString(category) AS category, toString(severity) AS severity, score, title, summary, recommendation, services,
              evidence_kind, evidence_ref, evidence_description, ${ms('created_at')} AS created, ${ms('updated_at')} AS updated
       FROM insights FINAL
       WHERE tenant = {tenant:String} AND ({id:String} != '' AND id = {id:String}
         OR {id:String} = '' AND created_at >= fromUnixTimestamp64Milli({from:Int64}) AND created_at <= fromUnixTimestamp64Milli({to:Int64}))
         AND ({severity:String} = '' OR toString(severity) = {severity:String}) AND ${keyset('created_at', 'id')}`,
      { ...this.base(q), severity: q.severity ?? '', id: q.id ?? '' },
    );
    return rows.map((r) => ({
      id: String(r.id), category: String(r.category), severity: String(r.severity), score: Number(r.score), title: String(r.title), summary: String(r.summary),
      recommendation: String(r.recommendation), services: r.services as string[], createdAt: iso(r.created as string)!, updatedAt: iso(r.updated as string)!,
      evidence: (r.evidence_kind as string[]).map((kind, i) => ({ kind, ref: (r.evidence_ref as string[])[i], description: (r.evidence_description as string[])[i] })),
    }));
  }

  /** The latest status of each SLO, or one SLO's history when `slo` is given. */
  async sloStatus(caller: Principal, q: EventQuery & { slo?: string }) {
    const latest = q.slo === undefined;
    const rows = await this.store.query<Row>(
      caller,
      `SELECT slo, service, ${ms('time')} AS t, target, compliance, budget_remaining, burn_rates, firing, no_data, ${ms('exhaustion_at')} AS exhaustion
       FROM slo_status
       WHERE tenant = {tenant:String} AND time >= fromUnixTimestamp64Milli({from:Int64}) AND time <= fromUnixTimestamp64Milli({to:Int64})
         AND ({slo:String} = '' OR slo = {slo:String})
         AND (slo, time) < ({beforeId:String}, fromUnixTimestamp64Milli({beforeAt:Int64}))
       ${latest ? 'ORDER BY slo DESC, time DESC LIMIT 1 BY slo' : 'ORDER BY slo DESC, time DESC'} LIMIT {limit:UInt32}`,
      { ...this.base(q), beforeId: q.before?.id ?? '\uffff', slo: q.slo ?? '' },
    );
    return rows.map((r) => ({
      slo: String(r.slo), service: String(r.service), time: iso(r.t as string)!, target: String(r.target),
      compliance: r.compliance === null ? null : Number(r.compliance), budgetRemaining: r.budget_remaining === null ? null : Number(r.budget_remaining),
      burnRates: r.burn_rates as Record<string, number>, firing: r.firing as string[], noData: Number(r.no_data) === 1, exhaustionAt: iso(r.exhaustion as string | null),
    }));
  }
}
