/**
 * Error-budget arithmetic. The budget is the exact decimal 1 − target; event counts are the sums
 * of counter increases (integers for real counters). Wherever the inputs are integers the results
 * are computed as one division of two exact integers, so "1000 bad out of 1,000,000 at 99.9 %"
 * is exactly the whole budget, not 0.9999999999999999 of it.
 */
import { DECIMAL_ONE, decimalMultiply, decimalSubtract, decimalToNumber } from './decimal';
import type { Decimal } from './decimal';

/** 1 − target, exact. */
export function errorBudgetOf(target: Decimal): Decimal {
  return decimalSubtract(DECIMAL_ONE, target);
}

/** The error-ratio threshold for a burn rate: burnRate × budget, rounded once to a double. */
export function burnRateThreshold(burnRate: Decimal, errorBudget: Decimal): number {
  return decimalToNumber(decimalMultiply(burnRate, errorBudget));
}

const EXACT_LIMIT = Number.MAX_SAFE_INTEGER;

/** `a × 10^scale` exactly when it stays an integer below 2^53, else undefined. */
function scaledInteger(value: number, scale: number): number | undefined {
  if (!Number.isInteger(value)) return undefined;
  const scaled = BigInt(value) * 10n ** BigInt(scale);
  return scaled <= BigInt(EXACT_LIMIT) ? Number(scaled) : undefined;
}

/**
 * Fraction of the budget consumed: bad / (total × budget). 1 means the budget is exactly spent.
 * Undefined when there were no events (no data is not "nothing consumed").
 */
export function budgetConsumed(
  badEvents: number,
  totalEvents: number,
  errorBudget: Decimal,
): number | undefined {
  if (!(totalEvents > 0)) return undefined;
  const numerator = scaledInteger(badEvents, errorBudget.scale);
  const denominator = Number.isInteger(totalEvents) ? BigInt(totalEvents) * errorBudget.units : undefined;
  if (numerator !== undefined && denominator !== undefined && denominator <= BigInt(EXACT_LIMIT)) {
    return numerator / Number(denominator);
  }
  return badEvents / (totalEvents * decimalToNumber(errorBudget));
}

/** 1 − consumed: negative once the budget is overspent. */
export function budgetRemaining(
  badEvents: number,
  totalEvents: number,
  errorBudget: Decimal,
): number | undefined {
  const consumed = budgetConsumed(badEvents, totalEvents, errorBudget);
  return consumed === undefined ? undefined : 1 - consumed;
}

/** Error ratio ÷ budget: 1 spends the budget in exactly one SLO period. */
export function burnRate(errorRatio: number, errorBudget: Decimal): number {
  return errorRatio / decimalToNumber(errorBudget);
}

/**
 * When the budget runs out if the current burn rate holds: a burn rate of 1 spends a whole budget
 * in one period, so the remaining fraction lasts remaining × period / burnRate. Undefined when the
 * budget is not burning (rate ≤ 0) or unknown; `nowMillis` when it is already spent.
 */
export function projectedExhaustionMillis(
  nowMillis: number,
  remainingFraction: number | undefined,
  currentBurnRate: number | undefined,
  periodMillis: number,
): number | undefined {
  if (remainingFraction === undefined || currentBurnRate === undefined) return undefined;
  if (remainingFraction <= 0) return nowMillis;
  if (!(currentBurnRate > 0)) return undefined;
  return nowMillis + Math.round((remainingFraction * periodMillis) / currentBurnRate);
}
