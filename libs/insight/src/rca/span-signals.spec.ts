import { DEFAULT_RANK_OPTIONS } from './rank-root-causes';
import { measureChange } from './signal-change';
import { signalsFromSpans } from './span-signals';
import type { SpanRecord } from './types';

const MINUTE = 60_000;
const T0 = 1_700_000_000_000;

/** `perMinute` checkout calls a minute over `minutes` minutes; `failed(minute, i)` marks failures. */
function checkoutSpans(
  fromMillis: number,
  minutes: number,
  perMinute: number,
  failed: (minute: number, i: number) => boolean,
): SpanRecord[] {
  const spans: SpanRecord[] = [];
  for (let m = 0; m < minutes; m++)
    for (let i = 0; i < perMinute; i++)
      spans.push({
        traceId: `${fromMillis}-${m}-${i}`,
        spanId: 's',
        parentSpanId: null,
        service: 'checkout',
        operation: 'PlaceOrder',
        startUnixNano: BigInt(fromMillis + m * MINUTE + i * 1000) * 1_000_000n,
        durationNanos: 20_000_000,
        status: failed(m, i) ? 'error' : 'ok',
      });
  return spans;
}

function trailingErrorChange(window: SpanRecord[], normal: SpanRecord[]) {
  const signal = signalsFromSpans(window, normal, MINUTE).find(
    (s) => s.indicator === 'span error_rate:trailing',
  );
  if (!signal) throw new Error('no trailing error ratio signal');
  return measureChange(signal, { ...DEFAULT_RANK_OPTIONS, detectedAtMillis: T0 + 120 * MINUTE });
}

describe('trailing error ratio from spans', () => {
  const normal = checkoutSpans(T0, 60, 12, (m, i) => m === 30 && i === 0); // one failure an hour
  const windowStart = T0 + 90 * MINUTE;

  it('sees a slow SLO burn: 1 in 30 orders failing for half an hour, too sparse for any one minute', () => {
    const burning = checkoutSpans(windowStart, 45, 12, (m, i) => m >= 15 && (m * 12 + i) % 30 === 0);

    const change = trailingErrorChange(burning, normal);

    expect(change?.strength).toBeGreaterThan(DEFAULT_RANK_OPTIONS.onsetSigmas);
    expect(change?.peakValue).toBeGreaterThan(0.025);
  });

  it('does not take one failed order among the pooled calls for an error-rate rise', () => {
    const quiet = checkoutSpans(windowStart, 45, 12, (m, i) => m === 20 && i === 3);

    const change = trailingErrorChange(quiet, normal);

    expect(change?.strength ?? 0).toBeLessThan(DEFAULT_RANK_OPTIONS.onsetSigmas);
  });
});
