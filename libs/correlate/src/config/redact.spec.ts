import { redactConfigSecrets } from './redact';

describe('redactConfigSecrets', () => {
  it('hides receiver secrets as Alertmanager does and keeps everything else', () => {
    const text = [
      'global:',
      '  smtp_auth_password: hunter2',
      '  slack_api_url: https://hooks.slack.com/services/T0/B0/XXXX',
      'route:',
      '  receiver: team',
      '  group_by: [alertname]',
      'receivers:',
      '  - name: team',
      '    pagerduty_configs: [{ routing_key: r-0123456789 }]',
      '    webhook_configs:',
      '      - url: http://hook.local/?token=abc',
      '        send_resolved: true',
    ].join('\n');
    const redacted = redactConfigSecrets(text);
    for (const secret of ['hunter2', 'XXXX', 'r-0123456789', 'token=abc']) expect(redacted).not.toContain(secret);
    expect(redacted.match(/<secret>/g)).toHaveLength(4);
    expect(redacted).toContain('group_by: [ alertname ]');
    expect(redacted).toContain('send_resolved: true');
  });
});
