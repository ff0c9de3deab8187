/** What every forecaster shares: a name, how much history it needs, and a forecast. */

export interface ModelContext {
  /** Seasonal periods in steps, shortest first (empty when none were found). */
  readonly periods: readonly number[];
  /** True when every value is > 0 (multiplicative models allowed). */
  readonly positive: boolean;
}

export interface PointForecast {
  readonly point: Float64Array;
  /** Model-based standard deviation per step, when the model has one. */
  readonly sigma?: Float64Array;
}

export interface Forecaster {
  /** Stable identifier shown in results, e.g. `ets_damped_additive_24`. */
  readonly name: string;
  /** Fewest points the model needs in this context; fewer means it is not tried. */
  minLength(context: ModelContext): number;
  /** True when the model makes sense in this context (e.g. needs a season). */
  applies(context: ModelContext): boolean;
  forecast(values: Float64Array, horizon: number, context: ModelContext): PointForecast;
}
