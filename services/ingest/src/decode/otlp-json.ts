import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { fromJson } from '@bufbuild/protobuf';
import type { JsonValue } from '@bufbuild/protobuf';
import { InputError } from './input-error';

/**
 * OTLP/JSON differs from the canonical proto3 JSON mapping in one way that matters: trace and
 * span ids are hex, not base64 (OTLP spec, "JSON Protobuf Encoding"). Enums as integers and
 * int64 as strings or numbers are already proto3 JSON. This turns the ids into base64 and lets
 * protobuf-es do the rest.
 *
 * Unknown fields: the OTLP spec says receivers MUST ignore them, so a request with one is
 * accepted, and the names come back so the caller can warn in the partial-success message
 * (docs/decisions/093).
 */
const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId', 'trace_id', 'span_id', 'parent_span_id']);
const HEX = /^[0-9a-fA-F]*$/;

export interface ParsedOtlpJson<T> {
  readonly message: T;
  /** Unknown field names met (first few), empty when none. */
  readonly unknownFields: readonly string[];
}

export function parseOtlpJson<Desc extends DescMessage>(schema: Desc, body: Buffer): ParsedOtlpJson<MessageShape<Desc>> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (cause) {
    throw new InputError(400, 'malformed_json', `request body is not valid JSON: ${(cause as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new InputError(400, 'malformed_json', 'request body must be a JSON object');
  }
  const badId = hexIdsToBase64(json);
  if (badId) throw new InputError(400, 'invalid_payload', badId);
  try {
    return { message: fromJson(schema, json as JsonValue), unknownFields: [] };
  } catch (strictError) {
    const unknown = /key "([^"]+)" is unknown/.exec((strictError as Error).message);
    if (!unknown) throw new InputError(400, 'invalid_payload', `not a valid OTLP/JSON ${schema.name}: ${(strictError as Error).message}`);
    try {
      const message = fromJson(schema, json as JsonValue, { ignoreUnknownFields: true });
      return { message, unknownFields: [unknown[1]] };
    } catch (cause) {
      throw new InputError(400, 'invalid_payload', `not a valid OTLP/JSON ${schema.name}: ${(cause as Error).message}`);
    }
  }
}

/** Rewrites hex ids in place; returns a problem description for an id that is not hex. */
function hexIdsToBase64(node: unknown): string | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const problem = hexIdsToBase64(item);
      if (problem) return problem;
    }
    return undefined;
  }
  if (node === null || typeof node !== 'object') return undefined;
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (ID_FIELDS.has(key) && typeof value === 'string') {
      if (!HEX.test(value) || value.length % 2 !== 0) return `${key} "${value.slice(0, 40)}" is not a hex string (OTLP/JSON ids are hex)`;
      record[key] = Buffer.from(value, 'hex').toString('base64');
    } else if (typeof value === 'object') {
      const problem = hexIdsToBase64(value);
      if (problem) return problem;
    }
  }
  return undefined;
}
