import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@vigil/runtime';
import type { Principal } from '../auth/principal';
import { END_OF_TIME_MILLIS } from '../http/pagination';
import { TenantStore } from '../tenant-store';

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  role: string;
  method: string;
  route: string;
  target: string;
  status: number;
  detail: string;
}

/** Who did what, when: one row per write (succeeded, failed or denied). */
@Injectable()
export class AuditLog {
  constructor(
    private readonly store: TenantStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(caller: Principal, entry: { method: string; route: string; target: string; status: number; detail: string }): Promise<void> {
    await this.store.insert(caller, 'audit_log', [
      { id: randomUUID(), at: this.clock.now(), actor: caller.actor, role: caller.role, ...entry },
    ]);
  }

  async recordDenied(caller: Principal, method: string, route: string, needed: string): Promise<void> {
    await this.record(caller, { method, route, target: '', status: 403, detail: `denied: needs ${needed}` });
  }

  /** Newest first; `before` is the (at, id) of the last entry of the previous page. */
  async list(caller: Principal, options: { fromMillis: number; toMillis: number; limit: number; before?: { atMillis: number; id: string } }): Promise<AuditEntry[]> {
    const rows = await this.store.query<AuditEntry & { at_ms: string }>(
      caller,
      `SELECT id, toUnixTimestamp64Milli(at) AS at_ms, actor, role, method, route, target, status, detail
       FROM audit_log
       WHERE tenant = {tenant:String} AND at >= fromUnixTimestamp64Milli({from:Int64}) AND at <= fromUnixTimestamp64Milli({to:Int64})
         AND (at, id) < (fromUnixTimestamp64Milli({beforeAt:Int64}), {beforeId:String})
       ORDER BY at DESC, id DESC LIMIT {limit:UInt32}`,
      {
        from: options.fromMillis,
        to: options.toMillis,
        beforeAt: options.before?.atMillis ?? END_OF_TIME_MILLIS,
        beforeId: options.before?.id ?? '',
        limit: options.limit,
      },
    );
    return rows.map(({ at_ms, ...row }) => ({ ...row, at: new Date(Number(at_ms)).toISOString(), status: Number(row.status) }));
  }
}
