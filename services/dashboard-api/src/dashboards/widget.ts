import { z } from 'zod/v4';
import { AGGREGATIONS, FUNCTIONS } from '../metrics/range-plan';

/**
 * Widgets: each type holds a typed query (a discriminated union on `type`), so a dashboard
 * stored today can be resolved by any later version that still knows its type.
 */
const base = { id: z.string().min(1).max(64), title: z.string().max(200).default('') };
const seriesQuery = {
  selector: z.string().min(1),
  aggregation: z.enum(AGGREGATIONS).default('avg'),
  fn: z.enum(FUNCTIONS).default('none'),
  groupBy: z.string().optional(),
};

export const widgetSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('KPI'), query: z.object(seriesQuery) }),
  z.object({ ...base, type: z.literal('CHART'), query: z.object({ ...seriesQuery, stepSeconds: z.number().int().min(1).optional() }) }),
  z.object({ ...base, type: z.literal('TREND'), query: z.object({ ...seriesQuery, stepSeconds: z.number().int().min(1).optional() }) }),
  z.object({ ...base, type: z.literal('ALERT'), query: z.object({ status: z.enum(['firing', 'resolved']).optional() }) }),
  z.object({ ...base, type: z.literal('SERVICE_MAP'), query: z.object({}) }),
  z.object({ ...base, type: z.literal('ANOMALY'), query: z.object({ metric: z.string().optional(), severity: z.enum(['low', 'medium', 'high', 'critical']).optional() }) }),
  z.object({ ...base, type: z.literal('TABLE'), query: z.object({ source: z.enum(['slos', 'capacity', 'logs', 'incidents']), service: z.string().optional(), text: z.string().optional() }) }),
  z.object({ ...base, type: z.literal('INSIGHT'), query: z.object({ severity: z.enum(['low', 'medium', 'high', 'critical']).optional() }) }),
]);
export type Widget = z.infer<typeof widgetSchema>;

export const dashboardInputSchema = z
  .object({ title: z.string().min(1).max(200), description: z.string().max(2_000).default(''), widgets: z.array(widgetSchema).max(50) })
  .strict()
  .refine((d) => new Set(d.widgets.map((w) => w.id)).size === d.widgets.length, { message: 'widget ids must be unique within a dashboard', path: ['widgets'] });
export type DashboardInput = z.infer<typeof dashboardInputSchema>;

export const dashboardSchema = z.object({
  id: z.string(), revision: z.number().int(), title: z.string(), description: z.string(), builtin: z.boolean(),
  widgets: z.array(widgetSchema), updatedBy: z.string(), updatedAt: z.string(),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

/** Step for a chart over a window: ~120 points, rounded to a whole minute or hour so rollups apply. */
export function defaultStepSeconds(windowMillis: number): number {
  const raw = Math.max(60, Math.ceil(windowMillis / 1000 / 120));
  return raw >= 3600 ? Math.ceil(raw / 3600) * 3600 : Math.ceil(raw / 60) * 60;
}

/** Runs `tasks` with at most `limit` at once, keeping their order in the results. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
