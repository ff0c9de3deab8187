import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { EventsReadRepository } from '../events/events-read.repository';
import { RangeQueryService } from '../metrics/range-query.service';
import { TracesReadRepository } from '../traces/traces-read.repository';
import { defaultStepSeconds, type Widget } from './widget';

export interface Window {
  fromMillis: number;
  toMillis: number;
}

/** Rows of a widget's data, flat, for CSV export. */
export type Table = { columns: string[]; rows: (string | number | null)[][] };

const WIDGET_ROWS = 100;

/** Answers one widget's typed query for a window, through the same repositories as the routes. */
@Injectable()
export class WidgetResolver {
  constructor(
    private readonly ranges: RangeQueryService,
    private readonly events: EventsReadRepository,
    private readonly traces: TracesReadRepository,
  ) {}

  async resolve(caller: Principal, widget: Widget, window: Window): Promise<unknown> {
    const events = { ...window, limit: WIDGET_ROWS };
    switch (widget.type) {
      case 'KPI': {
        const stepSeconds = Math.max(1, Math.ceil((window.toMillis - window.fromMillis) / 1000));
        // One number: all selected series together unless the widget groups them.
        const result = await this.ranges.range(caller, { ...widget.query, groupBy: widget.query.groupBy ?? '', stepSeconds }, window);
        return { value: result.series[0]?.points[0]?.[1] ?? null, series: result.series };
      }
      case 'CHART':
      case 'TREND':
        return this.ranges.range(caller, { ...widget.query, stepSeconds: widget.query.stepSeconds ?? defaultStepSeconds(window.toMillis - window.fromMillis) }, window);
      case 'ALERT':
        return { items: await this.events.alerts(caller, { ...events, status: widget.query.status }) };
      case 'ANOMALY':
        return { items: await this.events.anomalies(caller, { ...events, ...widget.query }) };
      case 'INSIGHT':
        return { items: await this.events.insights(caller, { ...events, severity: widget.query.severity }) };
      case 'SERVICE_MAP': {
        const [edges, nodes] = await Promise.all([this.traces.serviceEdges(caller, window.fromMillis, window.toMillis), this.traces.serviceStats(caller, window.fromMillis, window.toMillis)]);
        return { nodes, edges };
      }
      case 'TABLE':
        switch (widget.query.source) {
          case 'slos':
            return { items: await this.events.sloStatus(caller, events) };
          case 'incidents':
            return { items: await this.events.incidents(caller, events) };
          case 'logs':
            return { items: await this.traces.logs(caller, { ...events, service: widget.query.service, text: widget.query.text }) };
          case 'capacity':
            return { items: await this.events.forecasts(caller, events) };
        }
    }
  }
}

/** A widget's data as a table: series become (labels, time, value) rows, lists their fields. */
export function toTable(data: unknown): Table {
  const series = (data as { series?: { labels: Record<string, string>; points: [number, number | null][] }[] }).series;
  if (series) {
    return { columns: ['labels', 'time', 'value'], rows: series.flatMap((s) => s.points.map(([t, v]) => [JSON.stringify(s.labels), new Date(t).toISOString(), v])) };
  }
  const items = (data as { items?: Record<string, unknown>[]; nodes?: Record<string, unknown>[] }).items ?? (data as { nodes?: Record<string, unknown>[] }).nodes ?? [];
  const columns = [...new Set(items.flatMap((item) => Object.keys(item)))];
  return { columns, rows: items.map((item) => columns.map((c) => cell(item[c]))) };
}

function cell(value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** RFC 4180 CSV: quotes fields with commas, quotes or line breaks. */
export function toCsv(table: Table): string {
  const field = (v: string | number | null) => {
    const text = v === null ? '' : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [table.columns, ...table.rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}
