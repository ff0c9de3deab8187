import { hostname } from 'node:os';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BusPublisher, type TopicPartition } from '@vigil/bus';
import { TOPICS, type MetricBatch } from '@vigil/contracts';
import { METRICS, type Logger, type Registry } from '@vigil/observability';
import { BUS, CLOCK, LOGGER, STATE, STORE, type Clock } from '@vigil/runtime';
import type { Bus } from '@vigil/bus';
import type { StateStore } from '@vigil/state';
import type { Store } from '@vigil/store';
import type { CapacityPlannerSettings } from './capacity-planner.config';
import { CAPACITY_PLANNER_SETTINGS } from './capacity-planner.tokens';
import { CapacityRepository } from './capacity.repository';
import { PlannerMetrics } from './planner-metrics';
import { PlanningCycle, type CycleReport } from './planning-cycle';
import { catalogMetricNames, ownedSeries, partitionOf, resourceSeries, type ResourceSeries } from './series-catalog';

let replicaCounter = 0;

/**
 * The capacity-planner shell. Ownership: the partitions of `vigil.metrics.v1` this consumer-group
 * member holds decide which resource series it forecasts (a series' partition is that of its
 * fingerprint). Schedule: cycles are aligned to multiples of `intervalMillis` on the clock (a
 * ManualClock drives them in tests); a cheap poll looks at the clock and runs a due cycle, and a
 * cycle also resumes for series that became owned or appeared since it ran.
 */
@Injectable()
export class CapacityPlannerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly repository: CapacityRepository;
  private readonly metrics: PlannerMetrics;
  private readonly cycleRunner: PlanningCycle;
  private readonly metricNames: Set<string>;
  private readonly replica = `${hostname()}#${++replicaCounter}`;
  private readonly assigned = new Set<number>();
  private partitionCount = 0;
  private catalog: ResourceSeries[] = [];
  private owned: ResourceSeries[] = [];
  private catalogStale = true;
  private cycle = -1;
  /** Series (tenant/fingerprint) this replica already handled or saw handled in `cycle`. */
  private handled = new Set<string>();
  private known = new Set<string>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopping = false;
  private lastReport?: CycleReport & { cycle: number };

  constructor(
    @Inject(CAPACITY_PLANNER_SETTINGS) private readonly settings: CapacityPlannerSettings,
    @Inject(STORE) store: Store,
    @Inject(STATE) state: StateStore,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) registry: Registry,
    publisher: BusPublisher,
  ) {
    this.repository = new CapacityRepository(store);
    this.metrics = new PlannerMetrics(registry, this.replica);
    this.cycleRunner = new PlanningCycle(settings, this.repository, state, publisher, this.metrics, logger);
    this.metricNames = new Set(settings.resources.flatMap((r) => r.usageMetrics));
  }

  async onApplicationBootstrap(): Promise<void> {
    this.partitionCount = await this.bus.partitionCount(TOPICS.metrics);
    this.logger.info(
      { resources: this.settings.resources.map((r) => `${r.config.name}:${r.config.kind}`), intervalMillis: this.settings.intervalMillis, replica: this.replica },
      'capacity planner ready',
    );
    this.timer = setInterval(() => void this.poll(), this.settings.pollIntervalMillis);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Partitions gained: their series join the next (or current) cycle. */
  partitionsAssigned(partitions: readonly TopicPartition[]): void {
    for (const p of partitions) if (p.topic === TOPICS.metrics) this.assigned.add(p.partition);
    this.refreshOwned();
  }

  /** Partitions lost: their series and figures go to the new owner. */
  partitionsRevoked(partitions: readonly TopicPartition[]): void {
    for (const p of partitions) if (p.topic === TOPICS.metrics) this.assigned.delete(p.partition);
    const before = this.owned;
    this.refreshOwned();
    const still = new Set(this.owned.map(keyOf));
    for (const s of before) {
      if (!still.has(keyOf(s))) this.metrics.forget(s.tenant, s.resource, s.fingerprintHex, this.settings.horizons.map((h) => h.name));
    }
  }

  /** A batch of our partitions: a resource series not in the catalog yet makes it stale. Cheap. */
  observe(batches: readonly MetricBatch[]): void {
    for (const batch of batches) {
      for (const series of batch.series) {
        if (!this.metricNames.has(series.name)) continue;
        const key = `${series.tenant}/${series.fingerprint}`;
        if (this.known.has(key)) continue;
        // One refresh per new series: if the writer has not stored it yet, the next cycle's refresh will find it.
        this.known.add(key);
        this.catalogStale = true;
      }
    }
  }

  /** The last finished cycle's figures (for logs and tests). */
  report() {
    return this.lastReport;
  }

  /** Runs the due work now (the poll timer calls it; tests may too). */
  poll(): Promise<void> {
    if (this.running || this.stopping) return this.running ?? Promise.resolve();
    this.running = this.runDue()
      .catch((error: unknown) => this.logger.error({ err: error }, 'capacity planning cycle failed; retrying at the next poll'))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async runDue(): Promise<void> {
    const now = this.clock.now();
    const cycle = Math.floor(now / this.settings.intervalMillis);
    if (cycle !== this.cycle) {
      this.cycle = cycle;
      this.handled = new Set();
      this.known = new Set();
      this.catalogStale = true;
    }
    if (this.catalogStale) await this.refreshCatalog();
    const pending = this.owned.filter((s) => !this.handled.has(keyOf(s)));
    if (pending.length === 0) return;
    for (const s of pending) this.handled.add(keyOf(s));
    const started = Date.now();
    const report = await this.cycleRunner.run(pending, cycle, cycle * this.settings.intervalMillis, now, () => this.stopping);
    this.lastReport = { cycle, ...report };
    this.logger.info({ cycle, owned: this.owned.length, pending: pending.length, ...report, wallMillis: Date.now() - started }, 'capacity planning cycle');
  }

  private async refreshCatalog(): Promise<void> {
    this.catalogStale = false;
    const rows = await this.repository.listSeries(catalogMetricNames(this.settings.resources));
    this.catalog = resourceSeries(this.settings.resources, rows);
    for (const row of rows) this.known.add(`${row.tenant}/${row.fingerprint}`);
    this.refreshOwned();
  }

  private refreshOwned(): void {
    if (this.partitionCount === 0) return;
    this.owned = ownedSeries(this.catalog, this.assigned, this.partitionCount);
    this.metrics.seriesOwned(this.owned.length);
  }

  /** Partition of a series, for tests and logs. */
  partitionOf(fingerprintHex: string): number {
    return partitionOf(fingerprintHex, this.partitionCount);
  }
}

function keyOf(series: ResourceSeries): string {
  return `${series.tenant}/${series.fingerprintHex}`;
}
