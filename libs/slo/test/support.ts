/** Test data for libs/slo specs: SLOs written as users write them, traffic as counters. */
import { loadSloDefinitions, SloEngine } from '../src';
import type { SloAlertTransition, SloDefinition, SloEngineOptions } from '../src';

export function nativeSlo(name: string, extraSpec: Record<string, string | number> = {}): string {
  const lines = [
    'apiVersion: vigil/v1',
    'kind: SLO',
    `metadata: { name: ${name} }`,
    'spec:',
    `  service: ${name}`,
    '  errors: http_requests_total{service="checkout",code=~"5.."}',
    '  total: http_requests_total{service="checkout"}',
  ];
  const spec = { objective: 99.9, ...extraSpec };
  for (const [key, value] of Object.entries(spec)) lines.push(`  ${key}: ${value}`);
  return lines.join('\n');
}

export function definitionsOf(yaml: string, resolutionMillis = 60_000): SloDefinition[] {
  return loadSloDefinitions([{ file: 'test.yaml', text: yaml }], { resolutionMillis });
}

/**
 * Drives an engine with a `code="200"` and a `code="500"` counter sampled every `stepMillis`,
 * evaluating after each sample, and records every transition with its time.
 */
export class TrafficDriver {
  readonly engine: SloEngine;
  readonly transitions: SloAlertTransition[] = [];
  good = 1_000_000;
  bad = 10_000;
  nowMillis = 0;

  constructor(
    definitions: SloDefinition[],
    readonly stepMillis: number,
    options: SloEngineOptions = {},
    engine?: SloEngine,
  ) {
    this.engine = engine ?? new SloEngine(definitions, { resolutionMillis: stepMillis, ...options });
  }

  /** Advances `steps` samples with `requests` per step of which `errorFraction` fail. */
  run(steps: number, requests: number, errorFraction: number, options: { scrape?: boolean } = {}): this {
    for (let step = 0; step < steps; step += 1) {
      this.nowMillis += this.stepMillis;
      const errors = Math.round(requests * errorFraction);
      this.good += requests - errors;
      this.bad += errors;
      if (options.scrape !== false) this.sample();
      this.transitions.push(...this.engine.evaluate(this.nowMillis));
    }
    return this;
  }

  sample(): void {
    this.engine.ingest({
      metric: 'http_requests_total',
      labels: { service: 'checkout', code: '200' },
      timestampMillis: this.nowMillis,
      value: this.good,
    });
    this.engine.ingest({
      metric: 'http_requests_total',
      labels: { service: 'checkout', code: '500' },
      timestampMillis: this.nowMillis,
      value: this.bad,
    });
  }

  /** Times (ms) at which the alert `severity long/short` fired and resolved. */
  times(alert: string, state: 'firing' | 'resolved'): number[] {
    return this.transitions
      .filter(
        (t) =>
          t.state === state &&
          `${t.labels.severity} ${t.labels.long_window}/${t.labels.short_window}` === alert,
      )
      .map((t) => t.atMillis);
  }
}
