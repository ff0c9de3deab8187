/** A label set: name → value. `__name__` holds the metric name. Empty values mean "absent". */
export type Labels = Readonly<Record<string, string>>;

export const METRIC_NAME = '__name__';

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly name: string;
  readonly op: MatchOp;
  readonly value: string;
}

export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

/** `@ <t>` (milliseconds), `@ start()` or `@ end()`. */
export type AtModifier = number | 'start' | 'end';

export interface NumberLiteral {
  readonly kind: 'number';
  readonly value: number;
}
export interface StringLiteral {
  readonly kind: 'string';
  readonly value: string;
}
export interface VectorSelector {
  readonly kind: 'vector';
  readonly matchers: readonly LabelMatcher[];
  readonly offsetMillis: number;
  readonly at?: AtModifier;
}
export interface MatrixSelector {
  readonly kind: 'matrix';
  readonly selector: VectorSelector;
  readonly rangeMillis: number;
}
export interface Subquery {
  readonly kind: 'subquery';
  readonly expr: Expr;
  readonly rangeMillis: number;
  /** Absent: the engine's default evaluation interval. */
  readonly stepMillis?: number;
  readonly offsetMillis: number;
  readonly at?: AtModifier;
}
export interface Call {
  readonly kind: 'call';
  readonly func: string;
  readonly args: readonly Expr[];
}
export type AggregateOp = 'sum' | 'avg' | 'min' | 'max' | 'count' | 'group' | 'stddev' | 'stdvar' | 'topk' | 'bottomk' | 'quantile' | 'count_values';
export interface Aggregate {
  readonly kind: 'aggregate';
  readonly op: AggregateOp;
  readonly param?: Expr;
  readonly expr: Expr;
  readonly grouping: readonly string[];
  readonly without: boolean;
}
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^' | 'atan2';
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type SetOp = 'and' | 'or' | 'unless';
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;
export interface VectorMatching {
  readonly card: 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';
  /** True for `on(...)`, false for `ignoring(...)` (or no clause). */
  readonly on: boolean;
  readonly labels: readonly string[];
  /** Labels copied from the "one" side by group_left(...)/group_right(...). */
  readonly include: readonly string[];
}
export interface Binary {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly returnBool: boolean;
  readonly matching: VectorMatching;
}
export interface Unary {
  readonly kind: 'unary';
  readonly op: '-' | '+';
  readonly expr: Expr;
}
export interface Paren {
  readonly kind: 'paren';
  readonly expr: Expr;
}

export type Expr = NumberLiteral | StringLiteral | VectorSelector | MatrixSelector | Subquery | Call | Aggregate | Binary | Unary | Paren;

export function isComparison(op: BinaryOp): op is ComparisonOp {
  return op === '==' || op === '!=' || op === '>' || op === '<' || op === '>=' || op === '<=';
}
export function isSetOp(op: BinaryOp): op is SetOp {
  return op === 'and' || op === 'or' || op === 'unless';
}
