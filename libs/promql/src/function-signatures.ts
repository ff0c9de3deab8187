import type { ValueType } from './ast';

/** Argument and return types of a supported PromQL function (Prometheus's parser/functions.go). */
export interface FunctionSignature {
  readonly args: readonly ValueType[];
  /** How many trailing args may be left out (e.g. `round`'s to_nearest, `hour`'s vector). */
  readonly optional: number;
  /** The last argument type repeats (label_join's source labels). */
  readonly variadic: boolean;
  readonly returns: ValueType;
}

const sig = (args: ValueType[], returns: ValueType, optional = 0, variadic = false): FunctionSignature => ({ args, returns, optional, variadic });

const MATH = ['abs', 'ceil', 'floor', 'exp', 'sqrt', 'ln', 'log2', 'log10', 'sgn', 'deg', 'rad', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh'];
const DATE = ['day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year'];
const RANGE = ['rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'resets', 'changes', 'avg_over_time', 'min_over_time', 'max_over_time', 'sum_over_time', 'count_over_time', 'stddev_over_time', 'stdvar_over_time', 'last_over_time', 'present_over_time'];

export const FUNCTIONS: ReadonlyMap<string, FunctionSignature> = new Map<string, FunctionSignature>([
  ...MATH.map((name) => [name, sig(['vector'], 'vector')] as const),
  ...DATE.map((name) => [name, sig(['vector'], 'vector', 1)] as const),
  ...RANGE.map((name) => [name, sig(['matrix'], 'vector')] as const),
  ['round', sig(['vector', 'scalar'], 'vector', 1)],
  ['clamp', sig(['vector', 'scalar', 'scalar'], 'vector')],
  ['clamp_min', sig(['vector', 'scalar'], 'vector')],
  ['clamp_max', sig(['vector', 'scalar'], 'vector')],
  ['time', sig([], 'scalar')],
  ['pi', sig([], 'scalar')],
  ['vector', sig(['scalar'], 'vector')],
  ['scalar', sig(['vector'], 'scalar')],
  ['timestamp', sig(['vector'], 'vector')],
  ['sort', sig(['vector'], 'vector')],
  ['sort_desc', sig(['vector'], 'vector')],
  ['label_replace', sig(['vector', 'string', 'string', 'string', 'string'], 'vector')],
  ['label_join', sig(['vector', 'string', 'string', 'string'], 'vector', 1, true)],
  ['absent', sig(['vector'], 'vector')],
  ['absent_over_time', sig(['matrix'], 'vector')],
  ['predict_linear', sig(['matrix', 'scalar'], 'vector')],
  ['quantile_over_time', sig(['scalar', 'matrix'], 'vector')],
  ['histogram_quantile', sig(['scalar', 'vector'], 'vector')],
]);

/** Functions Prometheus 3 knows that Vigil refuses, with the reason shown to the caller. */
export const UNSUPPORTED_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ...['histogram_avg', 'histogram_count', 'histogram_fraction', 'histogram_quantiles', 'histogram_stddev', 'histogram_stdvar', 'histogram_sum'].map(
    (name) => [name, `${name}() (native histograms)`] as const,
  ),
  ...['double_exponential_smoothing', 'info', 'mad_over_time', 'first_over_time', 'ts_of_first_over_time', 'ts_of_last_over_time', 'ts_of_max_over_time', 'ts_of_min_over_time', 'sort_by_label', 'sort_by_label_desc', 'start_timestamp'].map(
    (name) => [name, `${name}() (experimental function)`] as const,
  ),
  ['holt_winters', 'holt_winters() (removed in Prometheus 3)'],
]);
