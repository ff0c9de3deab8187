/**
 * Sample columns as PromQL's sample source reads them from ClickHouse: one row per series whose
 * times and values arrive as `hex()` strings of little-endian Float64s (16 hex digits a value).
 * One string per column decodes natively into a Float64Array — no per-sample JSON numbers or
 * objects — and NaN payloads survive bit for bit, so stale markers need no extra column.
 */

// Prometheus's stale marker NaN is 0x7ff0000000000002: high word 0x7ff00000, low word 2.
const STALE_HIGH_WORD = 0x7ff00000;
const STALE_LOW_WORD = 2;

/** Decodes ClickHouse `arrayStringConcat(arrayMap(x -> hex(x), …))` of Float64 values. */
export function float64sFromHex(hex: string): Float64Array {
  if (hex.length % 16 !== 0) throw new Error(`float64sFromHex: ${hex.length} hex digits is not a whole number of Float64s`);
  const out = new Float64Array(hex.length / 16);
  // Decodes straight into the typed array's memory (x86 and ARM are little-endian, like the hex).
  Buffer.from(out.buffer).write(hex, 0, 'hex');
  return out;
}

/** 1 where a value is Prometheus's stale marker; undefined when there is none (the usual case). */
export function staleMarkers(values: Float64Array): Uint8Array | undefined {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  let stale: Uint8Array | undefined;
  for (let i = 0; i < values.length; i++) {
    if (words[2 * i + 1] === STALE_HIGH_WORD && words[2 * i] === STALE_LOW_WORD) (stale ??= new Uint8Array(values.length))[i] = 1;
  }
  return stale;
}

/**
 * Times ascending with one sample per millisecond. groupArray gives no order guarantee under a
 * parallel plan, so out-of-order input is sorted here (stably); of two samples at the same
 * millisecond (a re-sent batch) the later one wins, as in the TSDB.
 */
export function inTimeOrder(times: Float64Array, values: Float64Array): { times: Float64Array; values: Float64Array } {
  let ordered = true;
  for (let i = 1; i < times.length && ordered; i++) ordered = times[i - 1] < times[i];
  if (ordered) return { times, values };
  const order = Array.from(times, (_, i) => i).sort((a, b) => times[a] - times[b] || a - b);
  const outTimes = new Float64Array(order.length);
  const outValues = new Float64Array(order.length);
  let n = 0;
  for (const i of order) {
    if (n > 0 && outTimes[n - 1] === times[i]) n--;
    outTimes[n] = times[i];
    outValues[n] = values[i];
    n++;
  }
  return { times: outTimes.subarray(0, n), values: outValues.subarray(0, n) };
}
