const UNIT_MILLIS: Readonly<Record<string, number>> = { y: 365 * 86_400_000, w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

/**
 * A Prometheus duration (`1h30m`, `5m`, `250ms`) or a plain number of seconds (`300`, `1.5`)
 * in milliseconds; undefined when the text is neither.
 */
export function parseDurationMillis(text: string): number | undefined {
  if (/^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(text) || /^0x[0-9a-fA-F]+$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/^([0-9]+(ms|y|w|d|h|m|s))+$/.test(text)) return undefined;
  let total = 0;
  for (const part of text.matchAll(/([0-9]+)(ms|y|w|d|h|m|s)/g)) total += Number(part[1]) * UNIT_MILLIS[part[2]];
  return total;
}

/** Milliseconds as Prometheus prints a duration (`5m`, `1h30m`, `250ms`). */
export function formatDurationMillis(millis: number): string {
  if (millis === 0) return '0s';
  let rest = Math.abs(millis);
  let out = millis < 0 ? '-' : '';
  for (const unit of ['y', 'w', 'd', 'h', 'm', 's', 'ms']) {
    const size = UNIT_MILLIS[unit];
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}
