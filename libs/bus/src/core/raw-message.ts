import type { MessageHeaders } from '../bus.port';

/** A message as an adapter read it, before decoding. */
export interface RawMessage {
  /** Key bytes; null when the producer sent none. */
  readonly key: Uint8Array | null;
  /** The key as text when the adapter already has it (MemoryBus), to skip re-decoding. */
  readonly keyText?: string;
  readonly value: Uint8Array;
  readonly offset: number;
  readonly timestampMillis: number;
  readonly headers: MessageHeaders;
}
