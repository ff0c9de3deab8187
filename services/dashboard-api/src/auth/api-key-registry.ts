import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { VigilConfig } from '@vigil/config';
import { CLOCK, CONFIG, STORE, type Clock } from '@vigil/runtime';
import type { Store } from '@vigil/store';
import type { Principal, Role } from './principal';

export function sha256Hex(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A fresh secret: `vgl_` + 32 random bytes, base64url (43 chars). */
export function newSecret(): string {
  return `vgl_${randomBytes(32).toString('base64url')}`;
}

interface StoredKeyRow {
  tenant: string;
  id: string;
  role: Role;
  revoked: number;
}

// A key the store did not know is not looked up again for this long (stops a flood of bad keys
// turning into a flood of queries); a key created on another replica is found after it.
const NEGATIVE_CACHE_MILLIS = 5_000;
/** How long a valid stored key is trusted before it is looked up again (revocations elsewhere). */
const POSITIVE_CACHE_MILLIS = 30_000;

/**
 * Resolves an API key to a Principal: keys from config (`auth.apiKeys`) and keys created through
 * the admin routes (table `api_keys`, only the SHA-256 of the secret). Secrets are compared by
 * hash, never stored or logged.
 */
@Injectable()
export class ApiKeyRegistry {
  private readonly configured = new Map<string, Principal>();
  private readonly stored = new Map<string, { principal: Principal | undefined; checkedAtMillis: number }>();

  constructor(
    @Inject(CONFIG) config: VigilConfig,
    @Inject(STORE) private readonly store: Store,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    for (const key of config.auth.apiKeys) {
      const hash = sha256Hex(key.key);
      this.configured.set(hash, { tenant: key.tenant, role: key.role, actor: `config:${key.name ?? hash.slice(0, 12)}` });
    }
  }

  /** Tenants that have a configured key (built-in dashboards are created for them). */
  configuredTenants(): string[] {
    return [...new Set([...this.configured.values()].map((p) => p.tenant))];
  }

  async resolve(secret: string): Promise<Principal | undefined> {
    const hash = sha256Hex(secret);
    const fromConfig = this.configured.get(hash);
    if (fromConfig) return fromConfig;
    const nowMillis = this.clock.now();
    const cached = this.stored.get(hash);
    // Known keys are re-checked too (POSITIVE_CACHE_MILLIS), so a key revoked on another replica
    // stops working here within that time instead of never.
    const ttl = cached?.principal ? POSITIVE_CACHE_MILLIS : NEGATIVE_CACHE_MILLIS;
    if (cached && nowMillis - cached.checkedAtMillis < ttl) return cached.principal;
    // Auth precedes tenancy: this lookup is by hash across tenants, the only such query.
    const result = await this.store.query<StoredKeyRow>(
      `SELECT tenant, id, toString(role) AS role, revoked_at IS NOT NULL AS revoked
       FROM api_keys FINAL WHERE key_sha256 = {hash:FixedString(64)} LIMIT 1`,
      { hash },
    );
    const row = result.rows[0];
    const principal = row && !Number(row.revoked) ? { tenant: row.tenant, role: row.role, actor: `key:${row.id}` } : undefined;
    if (this.stored.size > 10_000) this.stored.clear();
    this.stored.set(hash, { principal, checkedAtMillis: nowMillis });
    return principal;
  }

  /** Forgets a revoked key at once on this replica (others within POSITIVE_CACHE_MILLIS). */
  forget(secretHash: string): void {
    this.stored.delete(secretHash);
  }

  forgetKeyId(id: string): void {
    for (const [hash, entry] of this.stored) if (entry.principal?.actor === `key:${id}`) this.stored.delete(hash);
  }
}
