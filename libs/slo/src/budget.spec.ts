import {
  budgetConsumed,
  budgetRemaining,
  burnRateThreshold,
  errorBudgetOf,
  projectedExhaustionMillis,
} from './budget';
import { decimalShift, decimalToString, parseDecimal } from './decimal';
import type { Decimal } from './decimal';

const decimal = (text: string): Decimal => parseDecimal(text) as Decimal;

describe('error budget arithmetic', () => {
  const cases = [
    { percent: '99', budget: '0.01', page: '0.144', allowedPerMillion: 10_000 },
    { percent: '99.5', budget: '0.005', page: '0.072', allowedPerMillion: 5_000 },
    { percent: '99.9', budget: '0.001', page: '0.0144', allowedPerMillion: 1_000 },
    { percent: '99.95', budget: '0.0005', page: '0.0072', allowedPerMillion: 500 },
    { percent: '99.99', budget: '0.0001', page: '0.00144', allowedPerMillion: 100 },
  ];

  it.each(cases)(
    'gives an exact budget and thresholds for $percent %',
    ({ percent, budget, page, allowedPerMillion }) => {
      const target = decimalShift(decimal(percent), -2);
      const errorBudget = errorBudgetOf(target);
      expect(decimalToString(errorBudget)).toBe(budget);
      // The threshold is the double nearest the exact product, the same literal the rules print.
      expect(burnRateThreshold(decimal('14.4'), errorBudget)).toBe(Number(page));
      expect(burnRateThreshold(decimal('1'), errorBudget)).toBe(Number(budget));
      // Spending exactly the allowance spends exactly the whole budget, half of it exactly half.
      expect(budgetConsumed(allowedPerMillion, 1_000_000, errorBudget)).toBe(1);
      expect(budgetRemaining(allowedPerMillion, 1_000_000, errorBudget)).toBe(0);
      expect(budgetRemaining(allowedPerMillion / 2, 1_000_000, errorBudget)).toBe(0.5);
    },
  );

  it('is exact where binary floating point is not', () => {
    expect(1 - 0.999).not.toBe(0.001);
    expect(decimalToString(errorBudgetOf(decimal('0.999')))).toBe('0.001');
    expect(14.4 * 0.001).not.toBe(0.0144);
    expect(burnRateThreshold(decimal('14.4'), decimal('0.001'))).toBe(0.0144);
  });

  it('reports no budget figures without events rather than a full budget', () => {
    expect(budgetConsumed(0, 0, decimal('0.001'))).toBeUndefined();
    expect(budgetRemaining(0, 0, decimal('0.001'))).toBeUndefined();
  });

  it('projects exhaustion from the remaining fraction and the burn rate', () => {
    const period = 30 * 86_400_000;
    // Half the budget left, burning at 2×: a full budget lasts 15 days, half of it 7.5 days.
    expect(projectedExhaustionMillis(0, 0.5, 2, period)).toBe(7.5 * 86_400_000);
    expect(projectedExhaustionMillis(100, -0.1, 2, period)).toBe(100);
    expect(projectedExhaustionMillis(0, 0.5, 0, period)).toBeUndefined();
  });
});
