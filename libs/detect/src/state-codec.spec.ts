import { SeriesDetector } from './series-detector';
import { SnapshotFormatError } from './state-codec';

describe('snapshot format', () => {
  it('rejects bytes that are not a detector snapshot', () => {
    expect(() => SeriesDetector.restore({}, new Uint8Array(10))).toThrow(SnapshotFormatError);
  });

  it('rejects a truncated snapshot', () => {
    const bytes = new SeriesDetector().snapshot();
    expect(() => SeriesDetector.restore({}, bytes.subarray(0, bytes.length - 1))).toThrow(/expected/);
  });
});
