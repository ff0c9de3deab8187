import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

export type Role = 'viewer' | 'editor' | 'admin';

const RANK: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };

/** True when `held` allows what `needed` allows. */
export function roleAllows(held: Role, needed: Role): boolean {
  return RANK[held] >= RANK[needed];
}

/**
 * Who is calling: the tenant comes from the API key, never from the request. Every repository
 * call takes a Principal; TenantStore binds its tenant into every query.
 */
export interface Principal {
  readonly tenant: string;
  readonly role: Role;
  /** The key's id (config keys: `config:<name or hash prefix>`), recorded in the audit log. */
  readonly actor: string;
}

export const PRINCIPAL_KEY = 'vigilPrincipal';
export const REQUIRED_ROLE = 'vigil:requiredRole';

/** Raises the role a route needs above the default (viewer for reads, editor for writes). */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

/** The authenticated caller of this request (set by AuthGuard). */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<FastifyRequest & { [PRINCIPAL_KEY]?: Principal }>();
  const principal = request[PRINCIPAL_KEY];
  if (!principal) throw new Error('route without AuthGuard: every dashboard-api controller must use @ApiController');
  return principal;
});
