import { backoffMillis, retryPolicy } from './backoff';

describe('handler backoff', () => {
  const policy = retryPolicy({ initialBackoffMillis: 100, maxBackoffMillis: 1_000 });

  it('doubles per attempt and stops at the cap', () => {
    const middle = () => 0.5; // no jitter
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffMillis(policy, attempt, middle))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('jitters by at most 20 % either way', () => {
    expect(backoffMillis(policy, 1, () => 0)).toBe(80);
    expect(backoffMillis(policy, 1, () => 1)).toBe(120);
  });

  it('refuses a policy that would never call the handler', () => {
    expect(() => retryPolicy({ attempts: 0 })).toThrow(RangeError);
  });
});
