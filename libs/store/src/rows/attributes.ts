import type { Attribute } from '@vigil/contracts';

/** Attributes split by type, as the store keeps them (docs/decisions/021). */
export interface SplitAttributes {
  attributes_string: Record<string, string>;
  attributes_number: Record<string, number>;
  attributes_bool: Record<string, boolean>;
}

/**
 * Splits typed attributes into the three maps. Integers become Float64 (exact below 2^53);
 * non-finite numbers are kept as strings because JSON cannot carry them.
 */
export function splitAttributes(attributes: readonly Attribute[]): SplitAttributes {
  const split: SplitAttributes = { attributes_string: {}, attributes_number: {}, attributes_bool: {} };
  for (const { key, value } of attributes) {
    switch (value.case) {
      case 'stringValue':
        split.attributes_string[key] = value.value;
        break;
      case 'intValue':
        split.attributes_number[key] = Number(value.value);
        break;
      case 'doubleValue':
        if (Number.isFinite(value.value)) split.attributes_number[key] = value.value;
        else split.attributes_string[key] = String(value.value);
        break;
      case 'boolValue':
        split.attributes_bool[key] = value.value;
        break;
      default:
        break;
    }
  }
  return split;
}

/** Every attribute as text (for resource attributes and event/link attributes). */
export function attributesAsText(attributes: readonly Attribute[]): Record<string, string> {
  const text: Record<string, string> = {};
  for (const { key, value } of attributes) {
    if (value.case !== undefined) text[key] = String(value.value);
  }
  return text;
}

/** Unix nanoseconds as the `seconds.nanoseconds` text DateTime64(9) parses exactly. */
export function nanosToDateTime64(unixNanos: bigint): string {
  const seconds = unixNanos / 1_000_000_000n;
  const nanos = unixNanos % 1_000_000_000n;
  return `${seconds}.${nanos.toString().padStart(9, '0')}`;
}
