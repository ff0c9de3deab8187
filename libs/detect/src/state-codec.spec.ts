import { SeriesDetector } from './series-detector';
import { SnapshotFormatError, STATE_FORMAT_VERSION } from './state-codec';
import { dailySeries, timestampOf } from './__fixtures__/synthetic';

describe('snapshot format', () => {
  it('rejects bytes that are not a detector snapshot', () => {
    expect(() => SeriesDetector.restore({}, new Uint8Array(10))).toThrow(SnapshotFormatError);
  });

  it('rejects a truncated snapshot', () => {
    const bytes = new SeriesDetector().snapshot();
    expect(() => SeriesDetector.restore({}, bytes.subarray(0, bytes.length - 1))).toThrow(/expected/);
  });

  it('restores a format-1 snapshot (before the contextual tier): the other tiers resume exactly, the contextual one starts fresh', () => {
    const values = dailySeries(1500, 4, (i, b) => (i === 1300 ? b + 40 : b));
    const old = new SeriesDetector({ contextTier: false });
    values.slice(0, 1000).forEach((v, i) => old.observe(timestampOf(i), v));
    // Format 1 held exactly the arrays a detector without the contextual tier holds today.
    const formatOne = old.snapshot().slice();
    formatOne[2] = 1;
    const upgraded = SeriesDetector.restore({ contextTier: true }, formatOne);
    expect(upgraded.count).toBe(1000);
    expect(upgraded.snapshot()[2]).toBe(STATE_FORMAT_VERSION);
    const oldPayload = old.snapshot().subarray(8);
    expect(upgraded.snapshot().subarray(8, 8 + oldPayload.length)).toEqual(oldPayload);
    const spike = values.slice(1000).map((v, i) => upgraded.observe(timestampOf(1000 + i), v))[300];
    expect(spike.isAnomaly).toBe(true);
  });

  it('restores format 2 with the contextual tier exactly', () => {
    const values = dailySeries(1500, 6);
    const first = new SeriesDetector({ contextTier: true });
    values.slice(0, 900).forEach((v, i) => first.observe(timestampOf(i), v));
    const resumed = SeriesDetector.restore({ contextTier: true }, first.snapshot());
    const straight = new SeriesDetector({ contextTier: true });
    const expected = values.map((v, i) => straight.observe(timestampOf(i), v)).slice(900);
    expect(values.slice(900).map((v, i) => resumed.observe(timestampOf(900 + i), v))).toEqual(expected);
    expect(resumed.snapshot()).toEqual(straight.snapshot());
  });

  it('rejects a snapshot of an unknown format version', () => {
    const bytes = new SeriesDetector().snapshot().slice();
    bytes[2] = STATE_FORMAT_VERSION + 1;
    expect(() => SeriesDetector.restore({}, bytes)).toThrow(/format version/);
  });
});
