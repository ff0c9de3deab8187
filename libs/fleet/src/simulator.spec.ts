import { INCIDENTS, effectsAt, incidentByName, scheduleIncidents, type ScheduledIncident } from './incidents';
import { loadFactor } from './load';
import { toResourceMetrics } from './otel-emitter';
import { FleetSimulator } from './simulator';
import type { FleetBatch, SimSpan } from './telemetry';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 24, 14); // a Tuesday afternoon: near peak traffic

function fleet(incidents: ScheduledIncident[] = [], seed = 42, requestsPerSecond = 3) {
  return new FleetSimulator({ seed, requestsPerSecond, metricIntervalMillis: 15_000, epochMillis: T0, incidents });
}

/** One incident starting at T0 + 10 min. */
function withIncident(name: string) {
  const incident = { spec: incidentByName(name), startMillis: T0 + 10 * MINUTE, endMillis: T0 + 10 * MINUTE + incidentByName(name).durationMillis };
  return { sim: fleet([incident]), incident };
}

const serverSpans = (batch: FleetBatch, service: string) => batch.spans.filter((s) => s.service === service && s.kind === 'server');
const errorRatio = (spans: SimSpan[]) => spans.filter((s) => s.error).length / Math.max(1, spans.length);
const medianMillis = (spans: SimSpan[]) => {
  const d = spans.map((s) => s.endMillis - s.startMillis).sort((a, b) => a - b);
  return d[Math.floor(d.length / 2)];
};
const gauge = (batch: FleetBatch, service: string, name: string) => batch.points.filter((p) => p.service === service && p.name === name).map((p) => p.value);

describe('FleetSimulator', () => {
  it('produces identical telemetry from the same seed, however time is sliced', () => {
    const whole = fleet().generate(T0, T0 + 2 * MINUTE);
    const sim = fleet();
    const parts = [sim.generate(T0, T0 + 45_000), sim.generate(T0 + 45_000, T0 + 90_500), sim.generate(T0 + 90_500, T0 + 2 * MINUTE)];
    expect(parts.flatMap((p) => p.spans)).toEqual(whole.spans);
    expect(parts.flatMap((p) => p.points)).toEqual(whole.points);
    expect(parts.flatMap((p) => p.logs)).toEqual(whole.logs);
    expect(whole.spans.length).toBeGreaterThan(1000);
  });

  it('produces different telemetry from another seed', () => {
    const a = fleet([], 1).generate(T0, T0 + MINUTE);
    const b = fleet([], 2).generate(T0, T0 + MINUTE);
    expect(a.spans[0].traceId).not.toBe(b.spans[0].traceId);
  });

  it('builds traces whose spans all hang from one root, across services', () => {
    const { spans } = fleet().generate(T0, T0 + MINUTE);
    const byTrace = new Map<string, SimSpan[]>();
    for (const span of spans) byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span]);
    for (const trace of byTrace.values()) {
      const ids = new Set(trace.map((s) => s.spanId));
      const roots = trace.filter((s) => s.parentSpanId === undefined);
      expect(roots).toHaveLength(1);
      expect(roots[0].service).toBe('gateway');
      for (const span of trace) if (span.parentSpanId) expect(ids.has(span.parentSpanId)).toBe(true);
    }
    const checkout = spans.find((s) => s.service === 'checkout' && s.kind === 'server') as SimSpan;
    const client = spans.find((s) => s.spanId === checkout.parentSpanId) as SimSpan;
    expect(client).toMatchObject({ service: 'frontend', kind: 'client' });
    expect(checkout.startMillis).toBeGreaterThanOrEqual(client.startMillis);
    expect(checkout.endMillis).toBeLessThanOrEqual(client.endMillis);
  });

  it('carries gen_ai model, token and cost attributes on the assistant’s model calls', () => {
    const { spans } = fleet().generate(T0, T0 + MINUTE);
    const calls = spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat' && !s.error);
    expect(calls.length).toBeGreaterThan(5);
    for (const call of calls) {
      expect(call).toMatchObject({ service: 'assistant', kind: 'client' });
      expect(call.attributes['gen_ai.request.model']).toBe('gpt-4o-mini');
      expect(call.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
      expect(call.attributes['gen_ai.usage.cost_usd']).toBeGreaterThan(0);
    }
  });

  it('follows a diurnal and weekly load curve', () => {
    const tuesday = (hour: number) => loadFactor(Date.UTC(2026, 10, 24, hour));
    expect(tuesday(15)).toBeGreaterThan(3 * tuesday(3));
    expect(loadFactor(Date.UTC(2026, 10, 29, 15))).toBeLessThan(tuesday(15)); // Sunday
    const night = fleet().generate(Date.UTC(2026, 10, 24, 3), Date.UTC(2026, 10, 24, 3) + MINUTE);
    const day = fleet().generate(T0, T0 + MINUTE);
    expect(day.spans.length).toBeGreaterThan(2 * night.spans.length);
  });

  it('emits the resource gauges the capacity planner reads by default', () => {
    const batch = fleet().generate(T0, T0 + MINUTE);
    const names = new Set(batch.points.map((p) => p.name));
    for (const name of ['system.cpu.utilization', 'system.memory.usage', 'system.memory.limit', 'system.filesystem.usage', 'system.filesystem.limit', 'db.client.connection.count', 'db.client.connection.max'])
      expect(names).toContain(name);
    const resources = toResourceMetrics(batch.points);
    expect(resources).toHaveLength(13);
    expect(resources[0].scopeMetrics[0].metrics.every((m) => m.dataPoints.length === 4)).toBe(true); // 4 samples per minute at 15 s
  });
});

describe('injected incidents', () => {
  it('every incident records a root cause among its affected services', () => {
    for (const spec of INCIDENTS) expect(spec.affectedServices).toContain(spec.rootCause.service);
    const schedule = scheduleIncidents(INCIDENTS, T0, 30 * MINUTE);
    for (let i = 1; i < schedule.length; i++) expect(schedule[i].startMillis).toBe(schedule[i - 1].endMillis + 30 * MINUTE);
  });

  it('error-cascade: payments fails and the failure travels up to checkout and the gateway', () => {
    const { sim, incident } = withIncident('error-cascade');
    const before = sim.generate(T0, T0 + 5 * MINUTE);
    const during = sim.generate(incident.startMillis + 3 * MINUTE, incident.startMillis + 8 * MINUTE);
    expect(errorRatio(serverSpans(before, 'payments'))).toBeLessThan(0.02);
    expect(errorRatio(serverSpans(during, 'payments'))).toBeGreaterThan(0.3);
    // One retry turns 40 % into ~16 % for the caller, and every hop above it sees that.
    expect(errorRatio(serverSpans(during, 'checkout'))).toBeGreaterThan(0.1);
    const gatewayCheckout = serverSpans(during, 'gateway').filter((s) => s.name === 'POST /checkout');
    expect(errorRatio(gatewayCheckout)).toBeGreaterThan(0.1);
    expect(during.logs.some((l) => l.severity === 'ERROR' && l.service === 'payments' && l.traceId)).toBe(true);
    // Retries: checkout calls payments again after a failure.
    expect(during.spans.some((s) => s.service === 'checkout' && s.attributes['http.request.resend_count'] === 1)).toBe(true);
  });

  it('latency-regression: checkout is several times slower under its new version, and says so', () => {
    const { sim, incident } = withIncident('latency-regression');
    const before = serverSpans(sim.generate(T0, T0 + 5 * MINUTE), 'checkout');
    const during = sim.generate(incident.startMillis, incident.startMillis + 5 * MINUTE);
    expect(medianMillis(serverSpans(during, 'checkout'))).toBeGreaterThan(2 * medianMillis(before));
    expect(serverSpans(during, 'checkout').every((s) => s.version === '2.4.1')).toBe(true);
    expect(during.logs.find((l) => l.body === 'deployed checkout 2.4.1')?.timeMillis).toBe(incident.startMillis);
  });

  it('memory-leak: inventory memory climbs toward its limit', () => {
    const { sim, incident } = withIncident('memory-leak');
    const start = gauge(sim.generate(incident.startMillis, incident.startMillis + MINUTE), 'inventory', 'system.memory.usage');
    const late = gauge(sim.generate(incident.endMillis - 2 * MINUTE, incident.endMillis - MINUTE), 'inventory', 'system.memory.usage');
    const limit = 1024 ** 3;
    expect(start[0] / limit).toBeLessThan(0.55);
    expect(late[0] / limit).toBeGreaterThan(0.85);
  });

  it('disk-filling: postgres disk use rises toward capacity', () => {
    const { sim, incident } = withIncident('disk-filling');
    const at = (millis: number) => gauge(sim.generate(millis, millis + 15_000), 'postgres', 'system.filesystem.usage')[0] / (200 * 1024 ** 3);
    expect(at(incident.startMillis)).toBeLessThan(0.6);
    expect(at(incident.endMillis - 15_000)).toBeGreaterThan(0.9);
  });

  it('traffic-spike: the gateway serves about three times the requests', () => {
    const { sim, incident } = withIncident('traffic-spike');
    const before = serverSpans(sim.generate(T0, T0 + 5 * MINUTE), 'gateway').length;
    const during = serverSpans(sim.generate(incident.startMillis + 5 * MINUTE, incident.startMillis + 10 * MINUTE), 'gateway').length;
    expect(during / before).toBeGreaterThan(2.3);
  });

  it('llm-cost-spike: input tokens per call grow about six-fold', () => {
    const { sim, incident } = withIncident('llm-cost-spike');
    const tokens = (batch: FleetBatch) => {
      const calls = batch.spans.filter((s) => typeof s.attributes['gen_ai.usage.input_tokens'] === 'number');
      return calls.reduce((sum, s) => sum + (s.attributes['gen_ai.usage.input_tokens'] as number), 0) / calls.length;
    };
    const ratio = tokens(sim.generate(incident.startMillis, incident.startMillis + 5 * MINUTE)) / tokens(sim.generate(T0, T0 + 5 * MINUTE));
    expect(ratio).toBeGreaterThan(4.5);
    expect(ratio).toBeLessThan(8);
  });

  it('flapping-check: the synthetic check alternates between failing and passing', () => {
    const { incident } = withIncident('flapping-check');
    const states: boolean[] = [];
    for (let minute = 0; minute < 30; minute++) states.push(effectsAt([incident], incident.startMillis + minute * MINUTE).failingChecks.has('notifier-smtp'));
    const flips = states.filter((s, i) => i > 0 && s !== states[i - 1]).length;
    expect(flips).toBeGreaterThanOrEqual(8);
  });

  it('slow-slo-burn: checkout fails about 1 % more for hours, well under a fast-burn page', () => {
    const { sim, incident } = withIncident('slow-slo-burn');
    const during = serverSpans(sim.generate(incident.startMillis, incident.startMillis + 20 * MINUTE), 'checkout');
    const ratio = errorRatio(during);
    expect(ratio).toBeGreaterThan(0.006);
    expect(ratio).toBeLessThan(0.05);
  });
});
