/**
 * Time as a dependency (STYLE.md: time comes from the ticker, not from now() scattered through
 * the code). Services take a Clock; the demo and tests run a simulated one.
 */
export interface Clock {
  /** Unix milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to: tests and the simulated fleet drive it. */
export class ManualClock implements Clock {
  constructor(private millis: number) {}
  now(): number {
    return this.millis;
  }
  advance(millis: number): void {
    this.millis += millis;
  }
  set(millis: number): void {
    this.millis = millis;
  }
}
