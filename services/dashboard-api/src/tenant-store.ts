import { Inject, Injectable } from '@nestjs/common';
import { STORE } from '@vigil/runtime';
import type { QueryParams, Store } from '@vigil/store';
import type { Principal } from './auth/principal';
import { DASHBOARD_API_CONFIG } from './dashboard-api.tokens';
import type { DashboardApiConfig } from './dashboard-api.config';

const TENANT_PREDICATE = /\btenant\s*=\s*\{tenant:String\}/;

/**
 * The one place tenancy is enforced. Every read of dashboard-api goes through `query`, which
 * binds `{tenant:String}` from the caller's Principal and refuses SQL that does not filter on it
 * or a caller that tries to pass its own `tenant`. Writes stamp the tenant on every row.
 */
@Injectable()
export class TenantStore {
  constructor(
    @Inject(STORE) private readonly store: Store,
    @Inject(DASHBOARD_API_CONFIG) private readonly config: DashboardApiConfig,
  ) {}

  async query<Row>(caller: Principal, sql: string, params: QueryParams = {}): Promise<Row[]> {
    if (!TENANT_PREDICATE.test(sql)) throw new Error(`TenantStore.query: SQL must filter "tenant = {tenant:String}": ${sql.slice(0, 80)}`);
    if ('tenant' in params) throw new Error('TenantStore.query: the tenant comes from the caller, not from parameters');
    const result = await this.store.query<Row>(sql, { ...params, tenant: caller.tenant }, {
      settings: { readonly: 2, max_execution_time: Math.ceil(this.config.queryTimeoutMillis / 1000) },
    });
    return result.rows;
  }

  async insert(caller: Principal, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return;
    await this.store.insert(table, rows.map((row) => ({ ...row, tenant: caller.tenant })), { mode: 'small' });
  }
}
