import { compress, uncompress } from 'snappyjs';

/**
 * Snappy for kafkajs, in pure JavaScript (`snappyjs`), so `npm ci` needs no native build.
 * We write raw Snappy blocks (what librdkafka and kafkajs-snappy write; Java consumers read them
 * through snappy-java's fallback). We read both raw blocks and the xerial framing the Java
 * producer writes: an 8-byte magic, two int32 version fields, then length-prefixed blocks.
 */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;

/** Decompresses a Kafka Snappy payload, raw or xerial-framed. */
export function snappyDecompress(input: Buffer): Buffer {
  if (input.length < XERIAL_HEADER_BYTES || !input.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC)) {
    return Buffer.from(uncompress(input));
  }
  const blocks: Buffer[] = [];
  for (let at = XERIAL_HEADER_BYTES; at < input.length; ) {
    const size = input.readInt32BE(at);
    at += 4;
    blocks.push(Buffer.from(uncompress(input.subarray(at, at + size))));
    at += size;
  }
  return Buffer.concat(blocks);
}

/** Compresses into one raw Snappy block. */
export function snappyCompress(input: Buffer): Buffer {
  return Buffer.from(compress(input));
}

/** The codec object kafkajs registers under `CompressionTypes.Snappy`. */
export function snappyCodec(): { compress(encoder: { buffer: Buffer }): Promise<Buffer>; decompress(buffer: Buffer): Promise<Buffer> } {
  return {
    compress: async (encoder) => snappyCompress(encoder.buffer),
    decompress: async (buffer) => snappyDecompress(buffer),
  };
}
