import { applyDecorators, Controller, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AuditInterceptor } from '../audit/audit.interceptor';
import { AuthGuard } from '../auth/auth.guard';

/**
 * Every dashboard-api controller uses this: versioned path under /api/v1, the key guard, the
 * audit interceptor and the OpenAPI tag and security. A controller without it has no Principal,
 * so `@Caller()` fails loudly instead of serving data unfiltered.
 */
export function ApiController(path: string, tag: string): ClassDecorator {
  return applyDecorators(
    Controller(`api/v1/${path}`),
    UseGuards(AuthGuard),
    UseInterceptors(AuditInterceptor),
    ApiTags(tag),
    ApiBearerAuth('bearer'),
    ApiSecurity('apiKey'),
  );
}
