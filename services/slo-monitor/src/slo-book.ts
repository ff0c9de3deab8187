import { SloEngine, type SloAlertTransition, type SloDefinition, type SloEngineSnapshot, type SloStatus, type MetricSample } from '@vigil/slo';

/** An alert transition with the tenant whose SLO produced it. */
export interface TenantTransition {
  readonly tenant: string;
  readonly transition: SloAlertTransition;
}

export interface TenantStatus {
  readonly tenant: string;
  readonly status: SloStatus;
}

/** Checkpoint of every tenant's engine. */
export interface SloBookSnapshot {
  readonly version: 1;
  readonly tenants: Readonly<Record<string, SloEngineSnapshot>>;
}

/**
 * One SLO engine per tenant: a tenant's SLOs only ever see that tenant's series. Pure (no I/O,
 * time passed in), so the service around it stays a thin shell.
 */
export class SloBook {
  private engines = new Map<string, SloEngine>();

  constructor(private readonly resolutionMillis: number) {}

  /** Tenants with at least one SLO. */
  tenants(): string[] {
    return [...this.engines.keys()];
  }

  /** Whether any SLO of `tenant` selects `metric` (cheap: checked for every series consumed). */
  wants(tenant: string, metric: string): boolean {
    return this.engines.get(tenant)?.wantsMetric(metric) ?? false;
  }

  /** Metric names `tenant`'s SLOs select (what a backfill reads from the store). */
  metricNames(tenant: string): string[] {
    return this.engines.get(tenant)?.metricNames() ?? [];
  }

  ingest(tenant: string, sample: MetricSample): void {
    this.engines.get(tenant)?.ingest(sample);
  }

  /**
   * Installs new definitions (start or hot reload), carrying window data and alert states over
   * from `previous` (or from the current engines). SLOs that disappeared resolve their alerts.
   */
  load(definitions: ReadonlyMap<string, readonly SloDefinition[]>, nowMillis: number, previous?: SloBookSnapshot): TenantTransition[] {
    const carried = previous ?? this.snapshot();
    const resolved: TenantTransition[] = [];
    const next = new Map<string, SloEngine>();
    const tenants = new Set([...definitions.keys(), ...Object.keys(carried.tenants)]);
    for (const tenant of tenants) {
      const defs = definitions.get(tenant) ?? [];
      const saved = carried.tenants[tenant];
      const options = { resolutionMillis: this.resolutionMillis };
      if (saved) {
        const { engine, resolved: gone } = SloEngine.restore(defs, saved, nowMillis, options);
        for (const transition of gone) resolved.push({ tenant, transition });
        if (defs.length > 0) next.set(tenant, engine);
      } else if (defs.length > 0) {
        next.set(tenant, new SloEngine(defs, options));
      }
    }
    this.engines = next;
    return resolved;
  }

  evaluate(nowMillis: number): TenantTransition[] {
    const out: TenantTransition[] = [];
    for (const [tenant, engine] of this.engines) {
      for (const transition of engine.evaluate(nowMillis)) out.push({ tenant, transition });
    }
    return out;
  }

  status(nowMillis: number, tenant?: string): TenantStatus[] {
    const out: TenantStatus[] = [];
    for (const [name, engine] of this.engines) {
      if (tenant !== undefined && name !== tenant) continue;
      for (const status of engine.status(nowMillis)) out.push({ tenant: name, status });
    }
    return out;
  }

  snapshot(): SloBookSnapshot {
    const tenants: Record<string, SloEngineSnapshot> = {};
    for (const [tenant, engine] of this.engines) tenants[tenant] = engine.snapshot();
    return { version: 1, tenants };
  }
}
