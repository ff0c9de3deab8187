import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod/v4';
import { Problem } from './problem';

/**
 * One zod schema per query, body and response, and the OpenAPI document generated from it: the
 * validator and the document cannot drift apart. JSON Schema 2020-12 is what OpenAPI 3.1 uses.
 */
export type JsonSchema = Record<string, unknown>;

/**
 * Named schemas (recursive ones, such as the span tree) that zod puts under `$defs`: hoisted to
 * `components.schemas` of the document, since a `$ref` inside an inline OpenAPI schema cannot
 * point at its own `$defs`.
 */
export const SHARED_SCHEMAS: Record<string, JsonSchema> = {};

export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  const text = JSON.stringify(z.toJSONSchema(schema, { io, unrepresentable: 'any' })).replaceAll('"#/$defs/', '"#/components/schemas/');
  const { $schema: _drop, $defs, ...rest } = JSON.parse(text) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  for (const [name, { id: _id, ...definition }] of Object.entries($defs ?? {})) SHARED_SCHEMAS[name] = definition;
  return rest;
}

/** Turns zod issues into a problem that names the bad field. */
export function invalid(where: string, error: z.ZodError): Problem {
  const issues = error.issues.map((issue) => `${[where, ...issue.path.map(String)].join('.')}: ${issue.message}`);
  return new Problem(400, 'invalid_request', issues.join('; '), { errors: error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message })) });
}

/** Parses `@Query()` with `schema`; each property becomes a documented query parameter. */
export function ApiQueryFrom(schema: z.ZodObject): MethodDecorator {
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  const required = new Set(object.required ?? []);
  return applyDecorators(
    ...Object.entries(object.properties ?? {}).map(([name, property]) =>
      ApiQuery({ name, required: required.has(name), schema: property as never, description: (property.description as string | undefined) ?? undefined }),
    ),
  );
}

// The schema travels wrapped: Nest would take a bare zod schema (it has `.transform`) for a pipe.
const parsedQuery = createParamDecorator(({ schema }: { schema: z.ZodType }, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const parsed = schema.safeParse(request.query ?? {});
  if (!parsed.success) throw invalid('query', parsed.error);
  return parsed.data;
});

const parsedBody = createParamDecorator(({ schema }: { schema: z.ZodType }, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  if (request.body === undefined || request.body === null) throw new Problem(400, 'missing_body', 'send a JSON body (Content-Type: application/json)');
  const parsed = schema.safeParse(request.body);
  if (!parsed.success) throw invalid('body', parsed.error);
  return parsed.data;
});

/** The query string parsed with `schema` (400 problem naming the field when it does not fit). */
export const ParsedQuery = (schema: z.ZodType): ParameterDecorator => parsedQuery({ schema });
/** The JSON body parsed with `schema`. */
export const ParsedBody = (schema: z.ZodType): ParameterDecorator => parsedBody({ schema });

export function ApiBodyFrom(schema: z.ZodType): MethodDecorator {
  return ApiBody({ schema: jsonSchema(schema, 'input') as never });
}

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, instance: { type: 'string' } },
};

/** The success response (its schema from zod) and the problem responses every route can give. */
export function ApiResult(schema: z.ZodType, status = 200, options: { write?: boolean; notFound?: boolean } = {}): MethodDecorator {
  const problems = [400, 401, 422, ...(options.write ? [403] : []), ...(options.notFound ? [404] : []), 503];
  return applyDecorators(
    status === 200
      ? ApiOkResponse({ schema: jsonSchema(schema) as never })
      : ApiResponse({ status, schema: jsonSchema(schema) as never }),
    ...problems.map((code) => ApiResponse({ status: code, description: 'RFC 9457 problem', content: { 'application/problem+json': { schema: problemSchema as never } } })),
  );
}

