import { promLabelName } from './anomaly-events';

describe('promLabelName', () => {
  it('turns OpenTelemetry attribute names into valid Prometheus label names', () => {
    expect(promLabelName('deployment.environment.name')).toBe('deployment_environment_name');
    expect(promLabelName('service.name')).toBe('service_name');
    expect(promLabelName('http-status')).toBe('http_status');
    expect(promLabelName('9lives')).toBe('key_9lives');
    expect(promLabelName('host')).toBe('host');
  });
});
