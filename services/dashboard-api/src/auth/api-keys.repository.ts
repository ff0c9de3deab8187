import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@vigil/runtime';
import { TenantStore } from '../tenant-store';
import { sha256Hex } from './api-key-registry';
import type { Principal, Role } from './principal';

export interface ApiKeyInfo {
  id: string;
  name: string;
  role: Role;
  createdBy: string;
  createdAt: string;
  revokedAt?: string;
}

interface KeyRow {
  id: string;
  name: string;
  role: Role;
  created_by: string;
  created_ms: string;
  revoked_ms: string | null;
  key_sha256: string;
}

/** Keys created through the admin routes, per tenant; the secret is shown once and stored hashed. */
@Injectable()
export class ApiKeysRepository {
  constructor(
    private readonly store: TenantStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(caller: Principal, init: { name: string; role: Role; secret: string }): Promise<ApiKeyInfo> {
    const nowMillis = this.clock.now();
    const id = randomUUID();
    await this.store.insert(caller, 'api_keys', [
      { id, key_sha256: sha256Hex(init.secret), name: init.name, role: init.role, created_by: caller.actor, created_at: nowMillis, revoked_at: null, updated_at: nowMillis },
    ]);
    return { id, name: init.name, role: init.role, createdBy: caller.actor, createdAt: new Date(nowMillis).toISOString() };
  }

  async list(caller: Principal): Promise<ApiKeyInfo[]> {
    const rows = await this.store.query<KeyRow>(
      caller,
      `SELECT id, name, toString(role) AS role, created_by, toUnixTimestamp64Milli(created_at) AS created_ms,
              toUnixTimestamp64Milli(revoked_at) AS revoked_ms, key_sha256
       FROM api_keys FINAL WHERE tenant = {tenant:String} ORDER BY created_at, id`,
    );
    return rows.map(toInfo);
  }

  /** Marks a key revoked; false when the tenant has no such key. */
  async revoke(caller: Principal, id: string): Promise<ApiKeyInfo | undefined> {
    const rows = await this.store.query<KeyRow>(
      caller,
      `SELECT id, name, toString(role) AS role, created_by, toUnixTimestamp64Milli(created_at) AS created_ms,
              toUnixTimestamp64Milli(revoked_at) AS revoked_ms, key_sha256
       FROM api_keys FINAL WHERE tenant = {tenant:String} AND id = {id:String}`,
      { id },
    );
    const row = rows[0];
    if (!row) return undefined;
    const nowMillis = this.clock.now();
    await this.store.insert(caller, 'api_keys', [
      { id, key_sha256: row.key_sha256, name: row.name, role: row.role, created_by: row.created_by, created_at: Number(row.created_ms), revoked_at: nowMillis, updated_at: nowMillis },
    ]);
    return { ...toInfo(row), revokedAt: new Date(nowMillis).toISOString() };
  }
}

function toInfo(row: KeyRow): ApiKeyInfo {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    createdBy: row.created_by,
    createdAt: new Date(Number(row.created_ms)).toISOString(),
    ...(row.revoked_ms === null ? {} : { revokedAt: new Date(Number(row.revoked_ms)).toISOString() }),
  };
}
