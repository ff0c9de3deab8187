import { InputError } from '../decode/input-error';
import type { Rejections } from '../normalize/rejections';
import type { SeriesPoints } from '../normalize/telemetry';
import { pointCount } from '../normalize/telemetry';

export interface TenantLimitOptions {
  readonly pointsPerSecond: number;
  readonly burstPoints: number;
  readonly maxSeries: number;
}

interface TenantState {
  tokens: number;
  refilledAtMillis: number;
  readonly series: Set<string>;
}

/**
 * Per-tenant rate (token bucket, in points) and series-cardinality limits, per ingest
 * process (docs/decisions/095). A request over the rate is refused whole with a 429 and a
 * Retry-After computed from the deficit; points of series beyond the cardinality limit are
 * refused (counted as `series_limit_exceeded`) while known series keep flowing.
 */
export class TenantLimits {
  private readonly tenants = new Map<string, TenantState>();

  constructor(private readonly options: TenantLimitOptions) {}

  /** Takes `points` from the tenant's bucket or throws a 429 saying when to retry. */
  takeRate(tenant: string, points: number, nowMillis: number): void {
    const state = this.stateOf(tenant, nowMillis);
    const elapsedSeconds = Math.max(0, nowMillis - state.refilledAtMillis) / 1000;
    state.tokens = Math.min(this.options.burstPoints, state.tokens + elapsedSeconds * this.options.pointsPerSecond);
    state.refilledAtMillis = nowMillis;
    if (points > state.tokens) {
      const waitSeconds = Math.max(1, Math.ceil((points - state.tokens) / this.options.pointsPerSecond));
      throw new InputError(
        429,
        'rate_limited',
        `tenant "${tenant}" is over its rate of ${this.options.pointsPerSecond} points/s (burst ${this.options.burstPoints}); retry in ${waitSeconds} s`,
        waitSeconds,
      );
    }
    state.tokens -= points;
  }

  /** The series the tenant may write; points of the others are counted in `rejections`. */
  admitSeries(tenant: string, series: SeriesPoints[], rejections: Rejections, nowMillis: number): SeriesPoints[] {
    const state = this.stateOf(tenant, nowMillis);
    const known = state.series;
    let admitted: SeriesPoints[] | undefined;
    for (let i = 0; i < series.length; i++) {
      const key = series[i].identity.key;
      if (known.has(key)) {
        admitted?.push(series[i]);
        continue;
      }
      if (known.size < this.options.maxSeries) {
        known.add(key);
        admitted?.push(series[i]);
        continue;
      }
      admitted ??= series.slice(0, i);
      rejections.add('series_limit_exceeded', `tenant "${tenant}" has ${known.size} series (limit ${this.options.maxSeries}); new series ${series[i].identity.name} refused`, pointCount(series[i]));
    }
    return admitted ?? series;
  }

  private stateOf(tenant: string, nowMillis: number): TenantState {
    let state = this.tenants.get(tenant);
    if (!state) {
      state = { tokens: this.options.burstPoints, refilledAtMillis: nowMillis, series: new Set() };
      this.tenants.set(tenant, state);
    }
    return state;
  }
}
