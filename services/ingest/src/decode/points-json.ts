import { z } from 'zod';
import type { SeriesAccumulator } from '../normalize/series-accumulator';
import type { MetricShape } from '../normalize/series-accumulator';
import { MetricKind, TemporalityKind } from '../normalize/telemetry';
import { InputError } from './input-error';

/**
 * `POST /api/v1/points`: the simplest way in for scripts. A JSON array (or `{ "points": [...] }`)
 * of `{ name, labels?, timestamp?, value, type? }`; timestamp in Unix milliseconds or RFC 3339,
 * default now. Unlike OTLP, this API is Vigil's own, so it is strict: an unknown field is a
 * typo the sender wants to hear about (400), not something to ignore.
 */
const pointSchema = z
  .object({
    name: z.string().min(1, 'name must not be empty'),
    labels: z.record(z.string(), z.string()).default({}),
    timestamp: z.union([z.number().nonnegative(), z.string().datetime({ offset: true })]).optional(),
    // JSON has no NaN/Infinity literals; strings are accepted only to refuse them with a clear reason.
    value: z.union([z.number(), z.enum(['NaN', '+Inf', '-Inf', 'Inf', 'Infinity', '-Infinity'])]),
    type: z.enum(['gauge', 'counter']).default('gauge'),
  })
  .strict();
const bodySchema = z.union([z.array(pointSchema), z.object({ points: z.array(pointSchema) }).strict()]);

const shapes = {
  gauge: (name: string): MetricShape => ({ name, type: MetricKind.Gauge, monotonic: false, temporality: TemporalityKind.Unspecified, unit: '', description: '' }),
  counter: (name: string): MetricShape => ({ name, type: MetricKind.Sum, monotonic: true, temporality: TemporalityKind.Cumulative, unit: '', description: '' }),
};

export function decodePointsJson(body: Buffer, acc: SeriesAccumulator): void {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (cause) {
    throw new InputError(400, 'malformed_json', `request body is not valid JSON: ${(cause as Error).message}`);
  }
  const parsed = bodySchema.safeParse(json);
  if (!parsed.success) {
    const issue = deepestIssue(parsed.error);
    const code = issue.code === 'unrecognized_keys' ? 'unknown_field' : 'invalid_payload';
    throw new InputError(400, code, `invalid points batch at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const points = Array.isArray(parsed.data) ? parsed.data : parsed.data.points;
  for (const point of points) {
    const labels: string[] = [];
    for (const [name, value] of Object.entries(point.labels)) labels.push(name, value);
    const timeMs = point.timestamp === undefined ? acc.nowMillis : typeof point.timestamp === 'number' ? point.timestamp : Date.parse(point.timestamp);
    const value = typeof point.value === 'number' ? point.value : point.value.startsWith('-') ? -Infinity : point.value === 'NaN' ? NaN : Infinity;
    acc.sample(shapes[point.type](point.name), { resourceKey: '', resource: [], point: labels }, timeMs, 0, value);
  }
}

/** zod reports a union failure at the root; the member's own issue is the useful one. */
function deepestIssue(error: z.ZodError): z.ZodIssue {
  let issue = error.issues[0];
  while (issue.code === 'invalid_union' && issue.unionErrors.length > 0) {
    const candidates = issue.unionErrors.map((e) => e.issues[0]).filter(Boolean);
    issue = candidates.reduce((best, c) => (c.path.length > best.path.length ? c : best), candidates[0]);
  }
  return issue;
}
