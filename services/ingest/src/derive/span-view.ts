import type { Attribute, Span } from '@vigil/contracts';

/** Span helpers shared by the derivations. */
export const SPAN_KIND_NAMES = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
export const STATUS_NAMES = ['unset', 'ok', 'error'] as const;

export function attributeOf(span: Span, key: string): Attribute['value'] | undefined {
  for (const attribute of span.attributes) if (attribute.key === key) return attribute.value;
  return undefined;
}

export function stringAttribute(span: Span, ...keys: string[]): string {
  for (const key of keys) {
    const value = attributeOf(span, key);
    if (value?.case === 'stringValue' && value.value !== '') return value.value;
  }
  return '';
}

export function numberAttribute(span: Span, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const value = attributeOf(span, key);
    if (value?.case === 'intValue') return Number(value.value);
    if (value?.case === 'doubleValue' && Number.isFinite(value.value)) return value.value;
  }
  return undefined;
}

export function durationMillis(span: Span): number {
  return Number(span.endTimeUnixNano - span.startTimeUnixNano) / 1e6;
}

export function hexId(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
