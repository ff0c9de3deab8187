import type { ExportCounts } from './otel-emitter';
import type { FleetSimulator } from './simulator';
import type { FleetBatch } from './telemetry';

/** Unix-millisecond time source; structurally the runtime's Clock. */
export interface TimeSource {
  now(): number;
}

/**
 * Simulated time that runs `speed` times faster than a real clock from a chosen start: the
 * whole pipeline (ingest, detectors, correlator) and the fleet share it, so a 60× demo is an
 * hour of fleet life per real minute for every service at once.
 */
export class SpeedClock implements TimeSource {
  private readonly realStartMillis: number;

  constructor(
    private readonly simStartMillis: number,
    readonly speed: number,
    private readonly real: TimeSource = { now: () => Date.now() },
  ) {
    this.realStartMillis = real.now();
  }

  now(): number {
    return Math.floor(this.simStartMillis + (this.real.now() - this.realStartMillis) * this.speed);
  }
}

/**
 * A sped-up clock that never runs more than `slackMillis` ahead of what the fleet has sent
 * (`limit()`): on a machine too busy to keep up, simulated time slows down instead of the fleet's
 * telemetry arriving late — which would stamp derived metrics late and inflate every time to
 * detect. Monotonic.
 */
export class PacedClock implements TimeSource {
  private simMillis: number;
  private lastRealMillis: number;

  constructor(
    simStartMillis: number,
    readonly speed: number,
    private readonly limit: () => number,
    private readonly slackMillis: number,
    private readonly real: TimeSource = { now: () => Date.now() },
  ) {
    this.simMillis = simStartMillis;
    this.lastRealMillis = real.now();
  }

  now(): number {
    const realMillis = this.real.now();
    const candidate = this.simMillis + (realMillis - this.lastRealMillis) * this.speed;
    this.lastRealMillis = realMillis;
    this.simMillis = Math.max(this.simMillis, Math.min(candidate, this.limit() + this.slackMillis));
    return Math.floor(this.simMillis);
  }
}

/** Where batches go: the OTLP emitter, or a test's collector. */
export interface BatchSink {
  export(batch: FleetBatch): Promise<ExportCounts>;
}

export interface FleetRunnerOptions {
  readonly simulator: FleetSimulator;
  readonly sink: BatchSink;
  readonly clock: TimeSource;
  /** Real time between exports. */
  readonly tickMillis?: number;
  /** Longest slice of simulated time generated at once (bounds memory when catching up). */
  readonly maxSliceMillis?: number;
  /** Told after every export (the demo's live summary). */
  readonly onExport?: (counts: ExportCounts, simMillis: number) => void;
  /** Told when an export fails; the runner drops that slice and goes on, as an SDK would. */
  readonly onError?: (error: Error) => void;
}

export interface FleetTotals {
  spans: number;
  points: number;
  logs: number;
  failedExports: number;
}

/**
 * Drives the simulator in (sped-up) real time: every tick, the telemetry of the simulated time
 * since the last tick is generated and exported. One export at a time, so a slow ingest slows
 * the fleet down (back-pressure) instead of piling up requests.
 */
export class FleetRunner {
  readonly totals: FleetTotals = { spans: 0, points: 0, logs: 0, failedExports: 0 };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastMillis = 0;
  private stopped = false;

  constructor(private readonly options: FleetRunnerOptions) {}

  /** Starts generating from `fromMillis` (simulated) onwards. */
  start(fromMillis = this.options.clock.now()): void {
    this.lastMillis = fromMillis;
    this.stopped = false;
    this.schedule();
  }

  /**
   * Generates and exports everything up to `toMillis` now; with `gaugesOnly`, a back-fill of
   * resource history in slices of `sliceMillis`.
   */
  async runUntil(toMillis: number, gaugesOnly = false, sliceMillis?: number): Promise<void> {
    const maxSlice = sliceMillis ?? this.options.maxSliceMillis ?? 60_000;
    while (this.lastMillis < toMillis && !this.stopped) {
      const to = Math.min(toMillis, this.lastMillis + maxSlice);
      const batch = this.options.simulator.generate(this.lastMillis, to, gaugesOnly);
      this.lastMillis = to;
      try {
        const counts = await this.options.sink.export(batch);
        this.totals.spans += counts.spans;
        this.totals.points += counts.points;
        this.totals.logs += counts.logs;
        this.options.onExport?.(counts, to);
      } catch (error) {
        this.totals.failedExports += 1;
        this.options.onError?.(error as Error);
      }
    }
  }

  /** Simulated time up to which telemetry has been generated; behind the clock when the sink is slow. */
  get positionMillis(): number {
    return this.lastMillis;
  }

  /** Moves the generator's position without producing anything (after a back-fill of gauges). */
  seek(simMillis: number): void {
    this.lastMillis = simMillis;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runUntil(this.options.clock.now()).finally(() => this.schedule());
    }, this.options.tickMillis ?? 1_000);
  }
}
