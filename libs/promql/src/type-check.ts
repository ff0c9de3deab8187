import type { Expr, ValueType } from './ast';
import { isComparison, isSetOp } from './ast';
import { ParseError, UnsupportedFeatureError } from './errors';
import { FUNCTIONS, UNSUPPORTED_FUNCTIONS } from './function-signatures';

const TYPE_NAMES: Readonly<Record<ValueType, string>> = { scalar: 'scalar', vector: 'instant vector', matrix: 'range vector', string: 'string' };

/** The type an expression evaluates to (assumes its children are well typed). */
export function typeOf(expr: Expr): ValueType {
  switch (expr.kind) {
    case 'number':
      return 'scalar';
    case 'string':
      return 'string';
    case 'vector':
    case 'aggregate':
      return 'vector';
    case 'matrix':
    case 'subquery':
      return 'matrix';
    case 'call':
      return FUNCTIONS.get(expr.func)?.returns ?? 'vector';
    case 'binary':
      return typeOf(expr.lhs) === 'scalar' && typeOf(expr.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'unary':
    case 'paren':
      return typeOf(expr.expr);
  }
}

/** Prometheus's parser checks: argument types, operand types, modifiers that need vectors. */
export function checkTypes(expr: Expr): void {
  switch (expr.kind) {
    case 'number':
    case 'string':
    case 'vector':
    case 'matrix':
      return;
    case 'paren':
      return checkTypes(expr.expr);
    case 'unary':
      checkTypes(expr.expr);
      return expect(expr.expr, ['scalar', 'vector'], 'unary expression');
    case 'subquery':
      checkTypes(expr.expr);
      return expect(expr.expr, ['vector'], 'subquery');
    case 'aggregate':
      checkTypes(expr.expr);
      expect(expr.expr, ['vector'], `aggregation ${expr.op}`);
      if (expr.param) {
        checkTypes(expr.param);
        expect(expr.param, [expr.op === 'count_values' ? 'string' : 'scalar'], `aggregation parameter of ${expr.op}`);
      }
      return;
    case 'binary': {
      checkTypes(expr.lhs);
      checkTypes(expr.rhs);
      expect(expr.lhs, ['scalar', 'vector'], 'binary expression');
      expect(expr.rhs, ['scalar', 'vector'], 'binary expression');
      const lhs = typeOf(expr.lhs);
      const rhs = typeOf(expr.rhs);
      if (expr.returnBool && !isComparison(expr.op)) throw new ParseError('bool modifier can only be used on comparison operators');
      if (isComparison(expr.op) && lhs === 'scalar' && rhs === 'scalar' && !expr.returnBool) throw new ParseError('comparisons between scalars must use BOOL modifier');
      if (isSetOp(expr.op) && (lhs === 'scalar' || rhs === 'scalar')) throw new ParseError(`set operator "${expr.op}" not allowed in binary scalar expression`);
      const explicitMatching = expr.matching.labels.length > 0 || expr.matching.on || expr.matching.card === 'many-to-one' || expr.matching.card === 'one-to-many';
      if ((lhs !== 'vector' || rhs !== 'vector') && explicitMatching) throw new ParseError('vector matching only allowed between instant vectors');
      if (isSetOp(expr.op) && (expr.matching.card === 'many-to-one' || expr.matching.card === 'one-to-many')) throw new ParseError(`no grouping allowed for "${expr.op}" operation`);
      if (expr.matching.on) {
        for (const label of expr.matching.include) {
          if (expr.matching.labels.includes(label)) throw new ParseError(`label "${label}" must not occur in ON and GROUP clause at once`);
        }
      }
      return;
    }
    case 'call': {
      const unsupported = UNSUPPORTED_FUNCTIONS.get(expr.func);
      if (unsupported) throw new UnsupportedFeatureError(unsupported);
      const signature = FUNCTIONS.get(expr.func);
      if (!signature) throw new ParseError(`unknown function with name "${expr.func}"`);
      const min = signature.args.length - signature.optional;
      const max = signature.variadic ? Infinity : signature.args.length;
      if (expr.args.length < min || expr.args.length > max) {
        throw new ParseError(`expected ${min === max ? min : `at least ${min}`} argument(s) in call to "${expr.func}", got ${expr.args.length}`);
      }
      expr.args.forEach((arg, index) => {
        checkTypes(arg);
        expect(arg, [signature.args[Math.min(index, signature.args.length - 1)]], `call to function "${expr.func}"`);
      });
      return;
    }
  }
}

function expect(expr: Expr, allowed: readonly ValueType[], context: string): void {
  const actual = typeOf(expr);
  if (!allowed.includes(actual)) {
    throw new ParseError(`expected type ${allowed.map((type) => TYPE_NAMES[type]).join(' or ')} in ${context}, got ${TYPE_NAMES[actual]}`);
  }
}
