import type { DashboardInput } from './widget';

/** Dashboards every tenant starts with (ids are stable, so they are created once). */
export const BUILTIN_DASHBOARDS: ReadonlyArray<{ id: string } & DashboardInput> = [
  {
    id: 'builtin-service-overview',
    title: 'Service overview',
    description: 'Calls, errors and latency between services; open alerts, anomalies and insights.',
    widgets: [
      { id: 'map', title: 'Service map', type: 'SERVICE_MAP', query: {} },
      { id: 'calls', title: 'Span calls per service', type: 'CHART', query: { selector: 'vigil.span.calls', aggregation: 'sum', fn: 'none', groupBy: 'service.name' } },
      { id: 'errors', title: 'Span errors', type: 'KPI', query: { selector: 'vigil.span.errors', aggregation: 'sum', fn: 'none' } },
      { id: 'alerts', title: 'Firing alerts', type: 'ALERT', query: { status: 'firing' } },
      { id: 'anomalies', title: 'Anomalies', type: 'ANOMALY', query: {} },
      { id: 'insights', title: 'Insights', type: 'INSIGHT', query: {} },
    ],
  },
  {
    id: 'builtin-capacity',
    title: 'Capacity',
    description: 'Forecast actions and breach dates per resource.',
    widgets: [{ id: 'report', title: 'Capacity report', type: 'TABLE', query: { source: 'capacity' } }],
  },
  {
    id: 'builtin-slos',
    title: 'SLOs',
    description: 'Compliance, error budget and burn rates of every SLO.',
    widgets: [
      { id: 'status', title: 'SLO status', type: 'TABLE', query: { source: 'slos' } },
      { id: 'slo-alerts', title: 'SLO alerts', type: 'ALERT', query: {} },
    ],
  },
  {
    id: 'builtin-llm-usage',
    title: 'LLM usage',
    description: 'Token use and latency of generative-AI calls (OpenTelemetry gen_ai conventions).',
    widgets: [
      { id: 'tokens', title: 'Tokens by model', type: 'CHART', query: { selector: 'gen_ai.client.token.usage', aggregation: 'sum', fn: 'none', groupBy: 'gen_ai.request.model' } },
      { id: 'latency', title: 'Operation duration p95', type: 'TREND', query: { selector: 'gen_ai.client.operation.duration', aggregation: 'p95', fn: 'none', groupBy: 'gen_ai.operation.name' } },
    ],
  },
];
