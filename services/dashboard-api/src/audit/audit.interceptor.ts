import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, type Observable, throwError } from 'rxjs';
import { PRINCIPAL_KEY, type Principal } from '../auth/principal';
import { toProblem } from '../http/problem';
import { AuditLog } from './audit.repository';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Records every write (who, what, when, outcome) once its handler settles. */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditLog) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { [PRINCIPAL_KEY]?: Principal }>();
    const caller = request[PRINCIPAL_KEY];
    if (READ_METHODS.has(request.method) || !caller) return next.handle();
    const route = request.routeOptions.url ?? request.url;
    const params = request.params as Record<string, string> | undefined;
    const target = Object.values(params ?? {}).join('/');
    const entry = (status: number, detail: string) => ({ method: request.method, route, target, status, detail });
    return next.handle().pipe(
      mergeMap((result) => from(this.audit.record(caller, entry(200, auditDetail(result))).then(() => result))),
      catchError((error: unknown) =>
        from(this.audit.record(caller, entry(toProblem(error).status, toProblem(error).detail))).pipe(mergeMap(() => throwError(() => error))),
      ),
    );
  }
}

/** The id of what a write created or changed, when its answer has one (never a secret). */
function auditDetail(result: unknown): string {
  const id = (result as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? `id=${id}` : 'ok';
}
