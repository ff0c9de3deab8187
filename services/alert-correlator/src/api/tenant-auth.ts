import type { ApiKey } from '@vigil/config';
import { ApiKeyAuth } from '@vigil/runtime';

/** Why a request was refused: the shared 401/403 error every Vigil HTTP surface uses. */
export { AuthError } from '@vigil/runtime';

export interface Caller {
  readonly tenant: string;
  /** May post alerts, create/expire silences and reload. */
  readonly canWrite: boolean;
}

/**
 * API key → tenant for the Alertmanager API, through the shared `ApiKeyAuth`, in the forms
 * Prometheus and amtool send: `Authorization: Bearer <key>` (Prometheus
 * `authorization.credentials`, amtool `--http.config.file`) or basic auth with the key as
 * password (Prometheus `basic_auth`). Keyless requests from loopback act as
 * `auth.anonymousLoopbackTenant` when it is set. Only the Authorization header is read, as
 * Alertmanager clients send nothing else.
 */
export class TenantAuth {
  private readonly auth: ApiKeyAuth;

  constructor(apiKeys: readonly ApiKey[], anonymousLoopbackTenant: string | undefined) {
    this.auth = new ApiKeyAuth(apiKeys, anonymousLoopbackTenant);
  }

  callerOf(authorization: string | undefined, remoteAddress: string): Caller {
    const principal = this.auth.authenticate({ authorization }, remoteAddress);
    return { tenant: principal.tenant, canWrite: principal.role !== 'viewer' };
  }
}
