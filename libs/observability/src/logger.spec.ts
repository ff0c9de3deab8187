import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('writes JSON lines with the service name', () => {
    const { lines, stream } = capture();
    createLogger({ level: 'info', service: 'ingest', destination: stream }).info({ points: 3 }, 'accepted');
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ service: 'ingest', points: 3, msg: 'accepted', level: 30 });
  });

  it('never writes an API key, password or authorization header', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ level: 'info', destination: stream });
    logger.info({ config: { auth: { apiKeys: [{ key: 'sekrit-key-0123456789' }] }, store: { password: 'pw-123' } } }, 'boot');
    logger.info({ req: { headers: { authorization: 'Bearer sekrit-key-0123456789' } } }, 'request');
    logger.info(
      {
        receiver: {
          slack_configs: [{ api_url: 'https://hooks.example/T0/sekrit-hook' }],
          pagerduty: { routingKey: 'sekrit-routing', serviceKey: 'sekrit-service' },
          email: { authPassword: 'sekrit-pass', smtp_auth_password: 'sekrit-smtp' },
          webhook: { url: 'https://hook.example/?token=sekrit-token' },
        },
      },
      'receiver',
    );
    const text = lines.join('');
    expect(text).not.toContain('sekrit-key-0123456789');
    expect(text).not.toContain('pw-123');
    expect(text).not.toMatch(/sekrit-(hook|routing|service|pass|smtp|token)/);
    expect(text).toContain('[redacted]');
  });
});
