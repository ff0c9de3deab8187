/**
 * Delivery with retries (Alertmanager's `RetryStage`): without send_resolved the resolved
 * alerts are left out, and a flush with nothing firing is not sent at all (but still logged,
 * so dedup knows the receiver has been cleared). Retryable failures back off exponentially;
 * a non-retryable one, or running out of attempts, yields a dead-letter event.
 */
import type { Alert } from '../alerts/alert';
import { isResolvedAt } from '../alerts/alert';
import type { Notifier } from './notifier';
import type { IntegrationContext, Stage, StageResult } from './stage';

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly initialBackoffMillis: number;
  readonly maxBackoffMillis: number;
  readonly multiplier: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  initialBackoffMillis: 500,
  maxBackoffMillis: 30_000,
  multiplier: 2,
};

/** Delay before attempt `attempt + 1` (attempt counts from 1). */
export function backoffMillis(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxBackoffMillis, policy.initialBackoffMillis * policy.multiplier ** (attempt - 1));
}

/** Waits; the service passes real timers, tests a fake clock. */
export type Sleep = (millis: number) => Promise<void>;

export class RetryStage implements Stage<IntegrationContext> {
  readonly name = 'retry';
  constructor(
    private readonly notifier: Notifier,
    private readonly policy: RetryPolicy,
    private readonly sleep: Sleep,
  ) {}

  async exec(ctx: IntegrationContext, alerts: readonly Alert[]): Promise<StageResult<IntegrationContext>> {
    let toSend: readonly Alert[] = alerts;
    if (!ctx.integration.sendResolved) {
      if ((ctx.firing ?? []).length === 0) return { ok: true, ctx, alerts };
      toSend = alerts.filter((a) => !isResolvedAt(a, ctx.nowMillis));
    }
    const notification = {
      receiver: ctx.receiver,
      receiverKey: ctx.receiverKey,
      integration: ctx.integration,
      groupKey: ctx.groupKey,
      groupLabels: ctx.groupLabels,
      alerts: toSend,
      nowMillis: ctx.nowMillis,
    };
    let reason = '';
    for (let attempt = 1; attempt <= this.policy.maxAttempts; attempt++) {
      let result;
      try {
        result = await this.notifier.send(notification);
      } catch (error) {
        result = { ok: false as const, retry: true, reason: (error as Error).message };
      }
      if (result.ok) {
        ctx.events.push({
          type: 'notified', receiverKey: ctx.receiverKey, groupKey: ctx.groupKey,
          firing: ctx.firing ?? [], resolved: ctx.resolved ?? [], attempts: attempt, atMillis: ctx.nowMillis,
        });
        return { ok: true, ctx, alerts };
      }
      reason = result.reason;
      if (!result.retry) return this.deadLetter(ctx, toSend, `${reason} (not retryable)`, attempt);
      if (attempt < this.policy.maxAttempts) await this.sleep(backoffMillis(this.policy, attempt));
    }
    return this.deadLetter(ctx, toSend, `${reason} (gave up after ${this.policy.maxAttempts} attempts)`, this.policy.maxAttempts);
  }

  private deadLetter(ctx: IntegrationContext, alerts: readonly Alert[], reason: string, attempts: number): StageResult<IntegrationContext> {
    ctx.events.push({ type: 'dead-letter', receiverKey: ctx.receiverKey, groupKey: ctx.groupKey, reason, attempts, alerts, atMillis: ctx.nowMillis });
    return { ok: false, error: `${ctx.receiverKey}: ${reason}` };
  }
}
