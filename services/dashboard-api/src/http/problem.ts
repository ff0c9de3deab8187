import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject, Injectable } from '@nestjs/common';
import { LOGGER } from '@vigil/runtime';
import type { Logger } from 'pino';
import { StoreQueryError, StoreUnavailableError } from '@vigil/store';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * An RFC 9457 problem: `type` names the class of failure, `detail` tells the caller what to do.
 * Thrown by controllers and repositories; turned into `application/problem+json` by ProblemFilter.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    /** Short stable code, also the last segment of `type`. */
    readonly code: string,
    /** What went wrong and how to fix it, for a person. */
    readonly detail: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const PROBLEM_TYPE_BASE = 'https://vigil.dev/problems/';

/** The JSON body of a problem. */
export function problemBody(problem: Problem, instance: string): Record<string, unknown> {
  return { type: PROBLEM_TYPE_BASE + problem.code, title: TITLES[problem.status] ?? 'Error', status: problem.status, detail: problem.detail, instance, ...problem.extra };
}

/** Maps whatever a route threw to a problem; unknown errors are 500s whose detail hides internals. */
export function toProblem(error: unknown): Problem {
  if (error instanceof Problem) return error;
  if (error instanceof StoreUnavailableError) return new Problem(503, 'store_unavailable', 'the store is not reachable right now; retry in a few seconds');
  if (error instanceof StoreQueryError && /TIMEOUT_EXCEEDED|Timeout exceeded/i.test(error.message)) {
    return new Problem(504, 'query_timeout', 'the query ran past its time limit; narrow the time range, raise the step or add filters');
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 404) return new Problem(404, 'not_found', 'no route matches this method and path; see /openapi.json for the routes');
    if (status === 415) return new Problem(415, 'unsupported_media_type', 'send the body as application/json');
    if (status === 413) return new Problem(413, 'body_too_large', 'the request body is larger than the server accepts');
    return new Problem(status, 'http_error', error.message);
  }
  const fastifyCode = (error as { code?: string; statusCode?: number } | undefined)?.statusCode;
  if (typeof fastifyCode === 'number' && fastifyCode >= 400 && fastifyCode < 500) {
    return new Problem(fastifyCode, 'bad_request', `the request could not be read: ${(error as Error).message}`);
  }
  return new Problem(500, 'internal', 'the server failed to answer; the error is logged with this request id');
}

/** Writes every error of dashboard-api's routes as `application/problem+json`. */
@Catch()
@Injectable()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = toProblem(error);
    if (problem.status >= 500) this.logger.error({ err: error, url: request.url }, 'dashboard-api request failed');
    void reply
      .status(problem.status)
      .header('content-type', 'application/problem+json')
      .send(JSON.stringify(problemBody(problem, request.url.split('?')[0])));
  }
}
