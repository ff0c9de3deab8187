import type { BusPublisher } from '@vigil/bus';
import { TOPICS, encodePayload } from '@vigil/contracts';
import { expireInsights, mergeInsight, type Insight } from '@vigil/insight';
import type { StateStore } from '@vigil/state';
import type { EventsRepository } from '@vigil/store';
import { toWireInsight } from './insight-wire';

const utf8 = new TextEncoder();
const text = new TextDecoder();
const PREFIX = 'insight-engine/insight/';
/** Compare-and-set attempts before a concurrent writer is considered to have won. */
const CAS_ATTEMPTS = 5;
/** An insight is kept this long after it expires, so a late repeat or feedback still merges. */
const KEEP_AFTER_EXPIRY_MILLIS = 7 * 86_400_000;
const keep = (insight: Insight) => ({ ttlMillis: Math.max(0, insight.expiresAtMillis - insight.lastSeenMillis) + KEEP_AFTER_EXPIRY_MILLIS });

/**
 * The insights Vigil has told people about, per tenant. The library's full insight (status,
 * occurrences, confidence, subject) lives in the state store under its deterministic id, so a
 * repeat merges into it (`mergeInsight`) on whichever replica sees it; every change is stored in
 * `insights` (ReplacingMergeTree by updated_at: one row per id when read FINAL) and published on
 * `vigil.insights.v1` keyed by id. Replays therefore update, never duplicate (decision 141).
 */
export class InsightBook {
  constructor(
    private readonly state: StateStore,
    private readonly events: EventsRepository,
    private readonly publisher: BusPublisher,
  ) {}

  private key(tenant: string, id: string): string {
    return `${PREFIX}${tenant}/${id}`;
  }

  async get(tenant: string, id: string): Promise<Insight | undefined> {
    const bytes = await this.state.get(this.key(tenant, id));
    return bytes ? (JSON.parse(text.decode(bytes)) as Insight) : undefined;
  }

  /** Adds or merges each insight, then stores and publishes what changed. Returns the merged insights. */
  async record(tenant: string, incoming: readonly Insight[]): Promise<Insight[]> {
    const merged: Insight[] = [];
    for (const insight of incoming) merged.push(await this.update(tenant, insight.id, (existing) => (existing ? mergeInsight(existing, insight) : insight)));
    await this.emit(tenant, merged);
    return merged;
  }

  /** Replaces one insight through `change` (feedback); undefined when the insight is unknown. */
  async amend(tenant: string, id: string, change: (insight: Insight) => Insight): Promise<Insight | undefined> {
    if (!(await this.get(tenant, id))) return undefined;
    const next = await this.update(tenant, id, (existing) => change(existing as Insight));
    await this.emit(tenant, [next]);
    return next;
  }

  /** Marks the tenant's insights whose time has passed as expired; returns how many. */
  async expire(nowMillis: number): Promise<number> {
    const entries = await this.state.scan(PREFIX, { limit: 100_000 });
    const byTenant = new Map<string, Insight[]>();
    for (const entry of entries) {
      const tenant = entry.key.slice(PREFIX.length).split('/')[0];
      const list = byTenant.get(tenant) ?? [];
      list.push(JSON.parse(text.decode(entry.value)) as Insight);
      byTenant.set(tenant, list);
    }
    let count = 0;
    for (const [tenant, insights] of byTenant) {
      const expired = expireInsights(insights, nowMillis);
      for (const insight of expired) await this.state.set(this.key(tenant, insight.id), utf8.encode(JSON.stringify(insight)), keep(insight));
      await this.emit(tenant, expired);
      count += expired.length;
    }
    return count;
  }

  private async update(tenant: string, id: string, change: (existing: Insight | undefined) => Insight): Promise<Insight> {
    const key = this.key(tenant, id);
    for (let attempt = 1; ; attempt++) {
      const before = await this.state.get(key);
      const next = change(before ? (JSON.parse(text.decode(before)) as Insight) : undefined);
      if (await this.state.compareAndSet(key, before, utf8.encode(JSON.stringify(next)), keep(next))) return next;
      if (attempt >= CAS_ATTEMPTS) throw new Error(`insight ${id} of tenant ${tenant} kept changing under us`);
    }
  }

  private async emit(tenant: string, insights: readonly Insight[]): Promise<void> {
    if (insights.length === 0) return;
    const wire = insights.map((i) => toWireInsight(tenant, i));
    await this.events.insertInsights(wire);
    await this.publisher.publish(
      TOPICS.insights,
      wire.map((w) => ({ key: w.id, value: encodePayload(TOPICS.insights, w) })),
    );
  }
}
