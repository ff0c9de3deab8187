import type { ApiKey } from '@vigil/config';
import { ApiKeyAuth, AuthError } from '@vigil/runtime';
import { InputError } from '../decode/input-error';

/**
 * Which tenant an ingest request writes for: the shared `ApiKeyAuth` (key as `Authorization:
 * Bearer`, basic-auth password — Prometheus `basic_auth` — or `X-API-Key`; the loopback tenant
 * for keyless local requests), and at least the editor role, since a viewer key (Grafana's)
 * must not push telemetry or page people through the Alertmanager webhook. Refusals become
 * ingest's InputError so they are answered and counted like every other refusal.
 */
export class TenantAuth {
  private readonly auth: ApiKeyAuth;

  constructor(apiKeys: readonly ApiKey[], anonymousLoopbackTenant: string | undefined) {
    this.auth = new ApiKeyAuth(apiKeys, anonymousLoopbackTenant);
  }

  tenantOf(headers: Record<string, string | string[] | undefined>, remoteAddress: string): string {
    try {
      const principal = this.auth.authenticate(headers, remoteAddress);
      ApiKeyAuth.require(principal, 'editor');
      return principal.tenant;
    } catch (error) {
      if (error instanceof AuthError) throw new InputError(error.status, error.code, error.message);
      throw error;
    }
  }
}
