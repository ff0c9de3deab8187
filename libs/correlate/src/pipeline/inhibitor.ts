/**
 * Inhibition (Alertmanager's `inhibit.Inhibitor`): a firing alert matching a rule's source
 * matchers mutes alerts matching its target matchers when both carry the same values for the
 * rule's `equal` labels (an absent label equals an absent label). An alert matching both sides
 * of a rule cannot be muted by another alert that also matches both sides, so a rule never
 * makes a set of alerts mute each other. Source alerts need not be routed anywhere, and a
 * silenced source still inhibits — both as in Alertmanager.
 */
import type { InhibitRuleConfig } from '../config/config.types';
import type { Alert } from '../alerts/alert';
import { alertFingerprint, isResolvedAt } from '../alerts/alert';
import type { LabelSet } from '../labels/fingerprint';
import type { Matcher } from '../labels/matcher';
import { compileMatcher, matchesAll } from '../labels/matcher';

interface CompiledRule {
  readonly source: readonly Matcher[];
  readonly target: readonly Matcher[];
  readonly equal: readonly string[];
  /** Alerts seen that match the source side, by fingerprint (the rule's `scache`). */
  readonly sources: Map<string, Alert>;
}

export class Inhibitor {
  private readonly rules: CompiledRule[];

  constructor(rules: readonly InhibitRuleConfig[]) {
    this.rules = rules.map((r) => ({
      source: r.sourceMatchers.map(compileMatcher),
      target: r.targetMatchers.map(compileMatcher),
      equal: r.equal,
      sources: new Map(),
    }));
  }

  /** Every alert the store accepts passes through here, as Alertmanager subscribes to it. */
  observe(alert: Alert): void {
    for (const rule of this.rules) {
      if (matchesAll(rule.source, alert.labels)) rule.sources.set(alertFingerprint(alert), alert);
    }
  }

  /** Forgets a garbage-collected alert. */
  forget(fp: string): void {
    for (const rule of this.rules) rule.sources.delete(fp);
  }

  /**
   * The fingerprint of an alert inhibiting `labels` at `nowMillis`, or undefined. Like
   * Alertmanager, it stops at the first rule and source that match.
   */
  inhibitedBy(labels: LabelSet, nowMillis: number): string | undefined {
    for (const rule of this.rules) {
      if (!matchesAll(rule.target, labels)) continue;
      const twoSided = matchesAll(rule.source, labels);
      for (const [fp, source] of rule.sources) {
        if (isResolvedAt(source, nowMillis)) continue;
        if (!rule.equal.every((name) => (source.labels[name] ?? '') === (labels[name] ?? ''))) continue;
        if (twoSided && matchesAll(rule.target, source.labels)) continue;
        return fp;
      }
    }
    return undefined;
  }
}
