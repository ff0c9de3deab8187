import { create, toBinary } from '@bufbuild/protobuf';
import SnappyJS from 'snappyjs';
import { WriteRequestSchema } from '../gen/remote_pb';
import { contractsFingerprinter } from '../normalize/contracts-fingerprinter';
import { SeriesAccumulator } from '../normalize/series-accumulator';
import { SeriesIdentityCache } from '../normalize/series-identity';
import { MetricKind } from '../normalize/telemetry';
import { decodeRemoteWrite } from './remote-write';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const newAcc = () =>
  new SeriesAccumulator('acme', new SeriesIdentityCache({ maxLabels: 30, maxLabelNameLength: 64, maxLabelValueLength: 512 }, contractsFingerprinter), { maxPastMillis: 3_600_000, maxFutureMillis: 60_000 }, NOW);

const STALE_NAN = new DataView(new Uint8Array([2, 0, 0, 0, 0, 0, 0xf0, 0x7f]).buffer).getFloat64(0, true);

function writeRequest(): Buffer {
  const request = create(WriteRequestSchema, {
    timeseries: [
      { labels: [{ name: '__name__', value: 'http_requests_total' }, { name: 'job', value: 'api' }], samples: [{ value: 10, timestamp: BigInt(NOW - 2000) }, { value: 12, timestamp: BigInt(NOW - 1000) }] },
      { labels: [{ name: '__name__', value: 'temperature' }, { name: 'room', value: 'a' }], samples: [{ value: 21.5, timestamp: BigInt(NOW) }, { value: STALE_NAN, timestamp: BigInt(NOW) }] },
      { labels: [{ name: '__name__', value: 'ratio' }], samples: [{ value: Infinity, timestamp: BigInt(NOW) }] },
    ],
  });
  return Buffer.from(SnappyJS.compress(toBinary(WriteRequestSchema, request)));
}

describe('Prometheus remote_write decoding', () => {
  it('reads snappy-compressed series with the name out of the labels and counter types from naming', () => {
    const acc = newAcc();
    decodeRemoteWrite(writeRequest(), acc);
    const byName = Object.fromEntries(acc.series().map((s) => [s.identity.name, s]));
    expect(byName.http_requests_total.identity.labels).toEqual([{ name: 'job', value: 'api' }]);
    expect(byName.http_requests_total.type).toBe(MetricKind.Sum);
    expect(byName.http_requests_total.sampleValues).toEqual([10, 12]);
    expect(byName.temperature.type).toBe(MetricKind.Gauge);
  });

  it('drops staleness markers and refuses other non-finite values', () => {
    const acc = newAcc();
    decodeRemoteWrite(writeRequest(), acc);
    expect([acc.accepted, acc.stale]).toEqual([3, 1]);
    expect(Object.fromEntries(acc.rejections.byReason())).toEqual({ non_finite_value: 1 });
  });

  it('answers a body that is not snappy with a reason', () => {
    expect(() => decodeRemoteWrite(Buffer.from('definitely not snappy at all'), newAcc())).toThrow(/snappy/);
  });
});
