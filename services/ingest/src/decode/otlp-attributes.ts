import type { Attribute } from '@vigil/contracts';
import { AttributeSchema } from '@vigil/contracts';
import { create } from '@bufbuild/protobuf';
import type { AnyValue, KeyValue } from '../gen/opentelemetry/proto/common/v1/common_pb';

/**
 * OTLP attributes → Vigil attributes. Scalars keep their type; arrays and maps become their
 * JSON text and bytes their base64, because the topic payloads (and the store's typed
 * attribute maps) hold scalars only.
 */
export function toAttributes(keyValues: readonly KeyValue[]): Attribute[] {
  const out: Attribute[] = [];
  for (const kv of keyValues) {
    if (kv.key === '') continue;
    const value = kv.value?.value;
    switch (value?.case) {
      case 'stringValue':
      case 'intValue':
      case 'doubleValue':
      case 'boolValue':
        out.push(create(AttributeSchema, { key: kv.key, value: { case: value.case, value: value.value } as Attribute['value'] }));
        break;
      case undefined:
        break;
      default:
        out.push(create(AttributeSchema, { key: kv.key, value: { case: 'stringValue', value: anyValueText(kv.value) } }));
    }
  }
  return out;
}

/** An AnyValue as text: strings as they are, everything else as JSON (bytes as base64). */
export function anyValueText(value: AnyValue | undefined): string {
  const json = anyValueJson(value);
  return typeof json === 'string' ? json : JSON.stringify(json);
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function anyValueJson(value: AnyValue | undefined): Json {
  const v = value?.value;
  switch (v?.case) {
    case 'stringValue':
    case 'boolValue':
    case 'doubleValue':
      return v.value;
    case 'intValue':
      return Number(v.value);
    case 'bytesValue':
      return Buffer.from(v.value).toString('base64');
    case 'arrayValue':
      return v.value.values.map(anyValueJson);
    case 'kvlistValue':
      return Object.fromEntries(v.value.values.map((kv) => [kv.key, anyValueJson(kv.value)]));
    default:
      return null;
  }
}

/** The resource's `service.name`, or OpenTelemetry's own default when it has none. */
export function serviceNameOf(resource: readonly KeyValue[]): string {
  for (const kv of resource) {
    if (kv.key === 'service.name' && kv.value?.value.case === 'stringValue' && kv.value.value.value !== '') return kv.value.value.value;
  }
  return 'unknown_service';
}
