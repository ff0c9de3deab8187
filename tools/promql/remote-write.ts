import { BinaryWriter } from '@bufbuild/protobuf/wire';
import SnappyJS from 'snappyjs';

export interface WriteSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly samples: readonly { readonly timeMillis: number; readonly value: number }[];
}

/**
 * A Prometheus remote-write 1.0 body: prometheus.WriteRequest (timeseries = 1; labels = 1,
 * samples = 2; sample value = 1 double, timestamp = 2 int64), snappy block-compressed.
 */
export function encodeWriteRequest(series: readonly WriteSeries[]): Uint8Array {
  const writer = new BinaryWriter();
  for (const s of series) {
    writer.uint32((1 << 3) | 2).fork();
    for (const name of Object.keys(s.labels).sort()) {
      writer.uint32((1 << 3) | 2).fork().uint32((1 << 3) | 2).string(name).uint32((2 << 3) | 2).string(s.labels[name]).join();
    }
    for (const sample of s.samples) {
      writer.uint32((2 << 3) | 2).fork().uint32((1 << 3) | 1).double(sample.value).uint32((2 << 3) | 0).int64(BigInt(sample.timeMillis)).join();
    }
    writer.join();
  }
  return SnappyJS.compress(writer.finish());
}

/** POSTs a remote-write body the way Prometheus does. */
export async function remoteWrite(url: string, body: Uint8Array, bearer?: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-protobuf',
      'content-encoding': 'snappy',
      'x-prometheus-remote-write-version': '0.1.0',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
    body,
  });
  if (response.status >= 300) throw new Error(`remote write to ${url} answered ${response.status}: ${await response.text()}`);
}
