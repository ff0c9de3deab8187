/** Resolves after `millis`, or early (without error) when `signal` aborts. */
export function sleep(millis: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, millis);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Thrown by `untilAborted` when the signal fires first. */
export class AbortedError extends Error {
  override readonly name = 'AbortedError';
}

/**
 * Waits for `work`, but gives up as soon as `signal` aborts: a handler cannot be cancelled, so
 * an abandoned one keeps running detached, and its late outcome is ignored (never committed).
 * While waiting, `tick` runs every `tickMillis` (Kafka heartbeats during long handlers).
 */
export async function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal,
  tick?: { run: () => Promise<void>; everyMillis: number },
): Promise<T> {
  let onAbort: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new AbortedError('delivery abandoned'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  // A detached handler that fails later must not become an unhandled rejection.
  work.catch(() => undefined);
  aborted.catch(() => undefined);
  if (tick) {
    timer = setInterval(() => {
      tick.run().catch(() => undefined); // a failed heartbeat surfaces at commit time
    }, tick.everyMillis);
  }
  try {
    return await Promise.race([work, aborted]);
  } finally {
    if (timer) clearInterval(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
