import { parser as lezerParser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import type { AggregateOp, AtModifier, BinaryOp, Expr, LabelMatcher, MatchOp, VectorMatching, VectorSelector } from './ast';
import { METRIC_NAME } from './ast';
import { parseDurationMillis } from './duration';
import { ParseError, UnsupportedFeatureError } from './errors';
import { unquote } from './string-literal';
import { UNSUPPORTED_FUNCTIONS } from './function-signatures';
import { checkTypes } from './type-check';

const BINARY_OPS: Readonly<Record<string, BinaryOp>> = {
  Add: '+', Sub: '-', Mul: '*', Div: '/', Mod: '%', Pow: '^', Atan2: 'atan2',
  Eql: '==', Neq: '!=', Gtr: '>', Lss: '<', Gte: '>=', Lte: '<=', And: 'and', Or: 'or', Unless: 'unless',
};
const MATCH_OPS: Readonly<Record<string, MatchOp>> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };
const AGGREGATES = new Set(['sum', 'avg', 'min', 'max', 'count', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values']);
const DEFAULT_MATCHING: VectorMatching = { card: 'one-to-one', on: false, labels: [], include: [] };

/**
 * Parses PromQL with Prometheus's own grammar (@prometheus-io/lezer-promql), converts the
 * syntax tree into Vigil's AST and type-checks it. Syntax errors → ParseError; valid
 * Prometheus 3 syntax that Vigil does not evaluate → UnsupportedFeatureError naming it.
 */
export function parseExpr(text: string): Expr {
  if (text.trim() === '') throw new ParseError('no expression found in input');
  const tree = lezerParser.parse(text);
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) throw unsupportedCall(text) ?? new ParseError(`parse error at char ${node.from + 1}: unexpected ${node.from < text.length ? JSON.stringify(text.slice(node.from, node.from + 10)) : 'end of input'}`);
    },
  });
  const top = tree.topNode.firstChild;
  if (!top) throw new ParseError('no expression found in input');
  const expr = new Converter(text).expr(top);
  checkTypes(expr);
  return expr;
}

class Converter {
  constructor(private readonly text: string) {}

  expr(node: SyntaxNode): Expr {
    switch (node.name) {
      case 'ParenExpr':
        return { kind: 'paren', expr: this.expr(this.child(node, 0)) };
      case 'NumberDurationLiteral':
        return { kind: 'number', value: this.number(this.src(node)) };
      case 'StringLiteral':
        return { kind: 'string', value: unquote(this.src(node)) };
      case 'VectorSelector':
        return this.vectorSelector(node);
      case 'MatrixSelector': {
        const inner = this.expr(this.child(node, 0));
        if (inner.kind !== 'vector' || inner.offsetMillis !== 0 || inner.at !== undefined) {
          throw new ParseError(inner.kind === 'vector' ? 'no offset or @ modifiers allowed before range' : 'ranges only allowed for vector selectors');
        }
        return { kind: 'matrix', selector: inner, rangeMillis: this.positiveDuration(this.child(node, 1)) };
      }
      case 'SubqueryExpr': {
        const durations = this.children(node).filter((child) => child.name === 'DurationExpr');
        return {
          kind: 'subquery',
          expr: this.expr(this.child(node, 0)),
          rangeMillis: this.positiveDuration(durations[0]),
          stepMillis: durations[1] ? this.positiveDuration(durations[1]) : undefined,
          offsetMillis: 0,
        };
      }
      case 'OffsetExpr':
        return this.withModifier(this.expr(this.child(node, 0)), { offsetMillis: this.duration(this.child(node, 2)) });
      case 'StepInvariantExpr':
        return this.withModifier(this.expr(this.child(node, 0)), { at: this.at(this.child(node, 2)) });
      case 'UnaryExpr': {
        const op = this.src(this.child(node, 0)) as '-' | '+';
        const operand = this.expr(this.child(node, 1));
        if (operand.kind === 'number') return { kind: 'number', value: op === '-' ? -operand.value : operand.value };
        return { kind: 'unary', op, expr: operand };
      }
      case 'FunctionCall':
        return this.call(node);
      case 'AggregateExpr':
        return this.aggregate(node);
      case 'BinaryExpr':
        return this.binary(node);
      case 'AnchoredExpr':
      case 'SmoothedExpr':
        throw new UnsupportedFeatureError(`${node.name === 'AnchoredExpr' ? 'anchored' : 'smoothed'} range modifier (experimental)`);
      default:
        throw new ParseError(`unexpected ${node.name} ${JSON.stringify(this.src(node))}`);
    }
  }

  private vectorSelector(node: SyntaxNode): VectorSelector {
    const matchers: LabelMatcher[] = [];
    for (const child of this.children(node)) {
      if (child.name === 'Identifier') matchers.push({ name: METRIC_NAME, op: '=', value: this.src(child) });
      if (child.name !== 'LabelMatchers') continue;
      for (const matcher of this.children(child)) {
        if (matcher.name === 'QuotedLabelName') {
          if (matchers.some((m) => m.name === METRIC_NAME)) throw new ParseError(`metric name must not be set twice: ${this.src(node)}`);
          matchers.push({ name: METRIC_NAME, op: '=', value: unquote(this.src(matcher)) });
          continue;
        }
        const [nameNode, opNode, valueNode] = this.children(matcher);
        const name = nameNode.name === 'QuotedLabelName' ? unquote(this.src(nameNode)) : this.src(nameNode);
        const op = MATCH_OPS[this.child(opNode, 0).name];
        const value = unquote(this.src(valueNode));
        if (op === '=~' || op === '!~') compileCheck(value);
        matchers.push({ name, op, value });
      }
    }
    if (!matchers.some((m) => !matchesEmpty(m))) throw new ParseError(`vector selector must contain at least one non-empty matcher: ${this.src(node)}`);
    return { kind: 'vector', matchers, offsetMillis: 0 };
  }

  private withModifier(expr: Expr, modifier: { offsetMillis?: number; at?: AtModifier }): Expr {
    if (expr.kind === 'matrix') return { ...expr, selector: this.withModifier(expr.selector, modifier) as VectorSelector };
    if (expr.kind !== 'vector' && expr.kind !== 'subquery') throw new ParseError('offset and @ modifiers must follow a selector or a subquery');
    if (modifier.offsetMillis !== undefined && expr.offsetMillis !== 0) throw new ParseError('offset may not be set multiple times');
    if (modifier.at !== undefined && expr.at !== undefined) throw new ParseError('@ <timestamp> may not be set multiple times');
    return { ...expr, ...modifier };
  }

  private at(node: SyntaxNode): AtModifier {
    if (node.name === 'AtModifierPreprocessors') return this.child(node, 0).name === 'AtStart' ? 'start' : 'end';
    const seconds = this.number(this.src(node));
    if (!Number.isFinite(seconds)) throw new ParseError(`timestamp out of bounds for @ modifier: ${seconds}`);
    return Math.round(seconds * 1000);
  }

  private call(node: SyntaxNode): Expr {
    const name = this.src(this.child(node, 0));
    const args = this.children(this.child(node, 1)).map((arg) => this.expr(arg));
    return { kind: 'call', func: name, args };
  }

  private aggregate(node: SyntaxNode): Expr {
    const op = this.src(this.child(node, 0));
    if (!AGGREGATES.has(op)) throw new UnsupportedFeatureError(`${op} aggregation (experimental)`);
    let grouping: string[] = [];
    let without = false;
    let args: Expr[] = [];
    for (const child of this.children(node)) {
      if (child.name === 'AggregateModifier') {
        without = this.child(child, 0).name === 'Without';
        grouping = this.groupingLabels(this.child(child, 1));
      } else if (child.name === 'FunctionCallBody') args = this.children(child).map((arg) => this.expr(arg));
    }
    const takesParam = op === 'topk' || op === 'bottomk' || op === 'quantile' || op === 'count_values';
    if (args.length !== (takesParam ? 2 : 1)) throw new ParseError(`wrong number of arguments for aggregate expression provided, expected ${takesParam ? 2 : 1}, got ${args.length}`);
    return { kind: 'aggregate', op: op as AggregateOp, param: takesParam ? args[0] : undefined, expr: args[args.length - 1], grouping, without };
  }

  private binary(node: SyntaxNode): Expr {
    const parts = this.children(node);
    const op = BINARY_OPS[parts[1].name];
    if (!op) throw new UnsupportedFeatureError(`binary operator ${this.src(parts[1])}`);
    let returnBool = false;
    let matching: VectorMatching = DEFAULT_MATCHING;
    for (const part of parts.slice(2, -1)) {
      if (part.name === 'BoolModifier') returnBool = true;
      else if (part.name === 'FillModifier') throw new UnsupportedFeatureError('fill() binary modifier (experimental)');
      else if (part.name === 'MatchingModifierClause') matching = this.matching(part);
    }
    if ((op === 'and' || op === 'or' || op === 'unless') && matching.card === 'one-to-one') matching = { ...matching, card: 'many-to-many' };
    return { kind: 'binary', op, lhs: this.expr(parts[0]), rhs: this.expr(parts[parts.length - 1]), returnBool, matching };
  }

  private matching(node: SyntaxNode): VectorMatching {
    const parts = this.children(node);
    const grouping = parts.filter((part) => part.name === 'GroupingLabels').map((part) => this.groupingLabels(part));
    const side = parts.find((part) => part.name === 'GroupLeft' || part.name === 'GroupRight');
    const card = side ? (side.name === 'GroupLeft' ? 'many-to-one' : 'one-to-many') : 'one-to-one';
    return { card, on: parts[0].name === 'On', labels: grouping[0] ?? [], include: grouping[1] ?? [] };
  }

  private groupingLabels(node: SyntaxNode): string[] {
    return this.children(node).map((label) => (label.name === 'QuotedLabelName' ? unquote(this.src(label)) : this.src(label)));
  }

  /** A duration expression: literals and + - * / % ^ of them; step()/range()/min_of/max_of are experimental. */
  private duration(node: SyntaxNode): number {
    const parts = this.children(node);
    if (node.name === 'NumberDurationLiteralInDurationContext') {
      const millis = parseDurationMillis(this.src(node).replace(/_/g, ''));
      if (millis === undefined) throw new ParseError(`invalid duration ${this.src(node)}`);
      return millis;
    }
    if (parts.length === 1) return this.duration(parts[0]);
    if (parts.length === 2 && parts[0].name === 'UnaryOp') return this.src(parts[0]) === '-' ? -this.duration(parts[1]) : this.duration(parts[1]);
    if (parts.length === 3 && BINARY_OPS[parts[1].name]) {
      throw new UnsupportedFeatureError('arithmetic in durations (experimental)');
    }
    throw new UnsupportedFeatureError(`duration function ${JSON.stringify(this.src(node))} (experimental)`);
  }

  private positiveDuration(node: SyntaxNode): number {
    const millis = this.duration(node);
    if (millis <= 0) throw new ParseError(`duration must be greater than 0: ${this.src(node)}`);
    return millis;
  }

  private number(text: string): number {
    const clean = text.replace(/_/g, '').toLowerCase();
    const sign = clean.startsWith('-') ? -1 : 1;
    const body = clean.replace(/^[-+]/, '');
    if (body === 'inf') return sign * Infinity;
    if (body === 'nan') return NaN;
    if (/^0x[0-9a-f]+$/.test(body)) return sign * parseInt(body.slice(2), 16);
    const asNumber = Number(body);
    if (!Number.isNaN(asNumber)) return sign * asNumber;
    const millis = parseDurationMillis(body);
    if (millis === undefined) throw new ParseError(`invalid number ${text}`);
    return (sign * millis) / 1000;
  }

  private children(node: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
    return out;
  }

  private child(node: SyntaxNode, index: number): SyntaxNode {
    const found = this.children(node)[index];
    if (!found) throw new ParseError(`incomplete expression ${JSON.stringify(this.src(node))}`);
    return found;
  }

  private src(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }
}

/** Functions the grammar no longer knows (holt_winters) still deserve a message naming them. */
function unsupportedCall(text: string): UnsupportedFeatureError | undefined {
  for (const [name, feature] of UNSUPPORTED_FUNCTIONS) {
    if (new RegExp(`(^|[^a-zA-Z0-9_:])${name}\\s*\\(`).test(text)) return new UnsupportedFeatureError(feature);
  }
  return undefined;
}

function matchesEmpty(matcher: LabelMatcher): boolean {
  switch (matcher.op) {
    case '=':
      return matcher.value === '';
    case '!=':
      return matcher.value !== '';
    case '=~':
      return new RegExp(`^(?:${matcher.value})$`, 's').test('');
    case '!~':
      return !new RegExp(`^(?:${matcher.value})$`, 's').test('');
  }
}

function compileCheck(pattern: string): void {
  try {
    new RegExp(pattern, 's');
  } catch (error) {
    throw new ParseError(`invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`);
  }
}
