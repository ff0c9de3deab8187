import { nameKey, promMetricName, promNamesFor } from './otlp-names';

describe('OTLP metric names in PromQL', () => {
  it('follows Prometheus OTLP translation: dots, unit and _total suffixes', () => {
    expect(promMetricName({ metricName: 'http.server.request.count', metricType: 'sum', monotonic: true, unit: '{request}' })).toBe('http_server_request_count_total');
    expect(promMetricName({ metricName: 'process.cpu.time', metricType: 'sum', monotonic: true, unit: 's' })).toBe('process_cpu_time_seconds_total');
    expect(promMetricName({ metricName: 'system.memory.utilization', metricType: 'gauge', monotonic: false, unit: '1' })).toBe('system_memory_utilization_ratio');
    expect(promMetricName({ metricName: 'net.io', metricType: 'gauge', monotonic: false, unit: 'By/s' })).toBe('net_io_bytes_per_second');
  });

  it('exposes a histogram as _bucket, _sum and _count', () => {
    expect(promNamesFor({ metricName: 'http.server.request.duration', metricType: 'histogram', monotonic: false, unit: 's' })).toEqual([
      'http_server_request_duration_seconds_bucket',
      'http_server_request_duration_seconds_sum',
      'http_server_request_duration_seconds_count',
    ]);
  });

  it('keeps remote-written names, even when ingest typed them as counters', () => {
    for (const metricName of ['http_requests_total', 'rpc_latency_seconds_bucket', 'rpc_latency_seconds_count', 'temperature_celsius']) {
      expect(promMetricName({ metricName, metricType: metricName === 'temperature_celsius' ? 'gauge' : 'sum', monotonic: metricName !== 'temperature_celsius', unit: '' })).toBe(metricName);
    }
  });

  it("keeps a stored name's letters-and-digits key a prefix of every PromQL name's key (the SQL pre-selection relies on it)", () => {
    const metrics = [
      { metricName: 'http.server.request.duration', metricType: 'histogram', monotonic: false, unit: 's' },
      { metricName: '2xx..responses', metricType: 'sum', monotonic: true, unit: '{response}' },
      { metricName: '__weird--name__', metricType: 'gauge', monotonic: false, unit: '1' },
      { metricName: 'net.io', metricType: 'gauge', monotonic: false, unit: 'By/s' },
      { metricName: 'node_cpu_seconds_total', metricType: 'sum', monotonic: true, unit: '' },
      { metricName: 'temp.°C.sensor', metricType: 'gauge', monotonic: false, unit: 'Cel' },
      { metricName: 'queue:depth', metricType: 'gauge', monotonic: false, unit: '' },
    ];
    for (const metric of metrics) {
      for (const name of promNamesFor(metric)) expect(nameKey(name).startsWith(nameKey(metric.metricName))).toBe(true);
    }
  });
});
