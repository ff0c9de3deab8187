import type { RetryPolicy } from '../bus.port';

/** Default handler retries: 5 calls, waits of 100, 200, 400, 800 ms (±20 %), capped at 5 s. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, initialBackoffMillis: 100, maxBackoffMillis: 5_000 };

/** Fills a partial policy with defaults and checks it. */
export function retryPolicy(partial: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy = { ...DEFAULT_RETRY, ...partial };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) {
    throw new RangeError(`retry.attempts must be an integer ≥ 1, got ${policy.attempts}`);
  }
  return policy;
}

/**
 * Wait before call number `attempt + 1` (attempt ≥ 1). Exponential with jitter, so members that
 * failed together on a shared dependency do not retry in lockstep. `random` is injectable for tests.
 */
export function backoffMillis(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxBackoffMillis, policy.initialBackoffMillis * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
