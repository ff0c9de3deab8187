import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@vigil/runtime';
import type { Principal } from '../auth/principal';
import { TenantStore } from '../tenant-store';
import { type Dashboard, type DashboardInput, widgetSchema } from './widget';

interface Row {
  id: string;
  revision: number;
  title: string;
  description: string;
  builtin: boolean;
  widgets_json: string;
  updated_by: string;
  updated_ms: string;
}

/** Dashboards, one row per revision (ReplacingMergeTree keeps the highest); deletes are revisions too. */
@Injectable()
export class DashboardsRepository {
  constructor(
    private readonly store: TenantStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(caller: Principal, after: string, limit: number): Promise<Dashboard[]> {
    const rows = await this.store.query<Row & { deleted: boolean }>(
      caller,
      `SELECT id, revision, title, description, builtin, widgets_json, updated_by, toUnixTimestamp64Milli(updated_at) AS updated_ms, deleted
       FROM dashboards FINAL WHERE tenant = {tenant:String} AND NOT deleted AND id > {after:String} ORDER BY id LIMIT {limit:UInt32}`,
      { after, limit },
    );
    return rows.map(toDashboard);
  }

  /** The dashboard, or undefined when absent; `includeDeleted` returns a deleted one's last revision. */
  async get(caller: Principal, id: string, includeDeleted = false): Promise<(Dashboard & { deleted: boolean }) | undefined> {
    const rows = await this.store.query<Row & { deleted: boolean }>(
      caller,
      `SELECT id, revision, title, description, builtin, widgets_json, updated_by, toUnixTimestamp64Milli(updated_at) AS updated_ms, deleted
       FROM dashboards FINAL WHERE tenant = {tenant:String} AND id = {id:String}`,
      { id },
    );
    const row = rows[0];
    if (!row || (row.deleted && !includeDeleted)) return undefined;
    return { ...toDashboard(row), deleted: Boolean(row.deleted) };
  }

  async put(caller: Principal, id: string, input: DashboardInput, options: { revision: number; builtin?: boolean; deleted?: boolean }): Promise<Dashboard> {
    const nowMillis = this.clock.now();
    await this.store.insert(caller, 'dashboards', [
      {
        id, revision: options.revision, title: input.title, description: input.description, builtin: options.builtin ?? false,
        widgets_json: JSON.stringify(input.widgets), deleted: options.deleted ?? false, updated_by: caller.actor, updated_at: nowMillis,
      },
    ]);
    return { id, revision: options.revision, title: input.title, description: input.description, builtin: options.builtin ?? false, widgets: input.widgets, updatedBy: caller.actor, updatedAt: new Date(nowMillis).toISOString() };
  }
}

function toDashboard(row: Row): Dashboard {
  const widgets = (JSON.parse(row.widgets_json) as unknown[]).map((w) => widgetSchema.parse(w));
  return {
    id: row.id, revision: Number(row.revision), title: row.title, description: row.description, builtin: Boolean(row.builtin), widgets,
    updatedBy: row.updated_by, updatedAt: new Date(Number(row.updated_ms)).toISOString(),
  };
}
