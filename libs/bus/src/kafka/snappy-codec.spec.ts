import { compress } from 'snappyjs';
import { snappyCompress, snappyDecompress } from './snappy-codec';

const sample = Buffer.from('vigil.metrics.v1 '.repeat(500) + 'tail');

describe('Kafka snappy codec', () => {
  it('round-trips a raw Snappy block and actually shrinks repetitive data', () => {
    const packed = snappyCompress(sample);
    expect(packed.length).toBeLessThan(sample.length / 5);
    expect(snappyDecompress(packed).equals(sample)).toBe(true);
  });

  it('reads the xerial framing Java producers write, across several blocks', () => {
    const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
    const parts = [sample.subarray(0, 3000), sample.subarray(3000)];
    const framed = Buffer.concat([
      header,
      ...parts.flatMap((part) => {
        const block = Buffer.from(compress(part));
        const size = Buffer.alloc(4);
        size.writeInt32BE(block.length);
        return [size, block];
      }),
    ]);
    expect(snappyDecompress(framed).equals(sample)).toBe(true);
  });
});
