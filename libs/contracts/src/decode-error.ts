/**
 * Why a payload could not be decoded:
 * - `unknown-topic`: the topic is not one of Vigil's (nothing to decode it with);
 * - `malformed`: the bytes are not a valid protobuf encoding of the topic's message;
 * - `invalid`: the message parsed but breaks an invariant the .proto comments state
 *   (e.g. a 15-byte trace id, a fingerprint that does not match its series).
 */
export type DecodeFailure = 'unknown-topic' | 'malformed' | 'invalid';

/**
 * A payload that cannot be used. Consumers dead-letter the message with `message` as the
 * reason and count it by `failure` (never by message text, which varies).
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';

  constructor(
    /** Topic the payload was read from. */
    readonly topic: string,
    /** Class of the failure, stable for metrics. */
    readonly failure: DecodeFailure,
    /** What exactly is wrong, for people (includes the field path for `invalid`). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot decode ${topic} payload (${failure}): ${reason}`, options);
  }
}
