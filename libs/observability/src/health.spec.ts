import { HealthRegistry } from './health';

describe('HealthRegistry', () => {
  it('is up when every service is up and every dependency answers', async () => {
    const health = new HealthRegistry(0, () => 5_000);
    health.setService('ingest', 'up');
    health.addDependency('store', async () => undefined);
    await expect(health.report()).resolves.toMatchObject({ status: 'up', services: { ingest: 'up' }, uptimeSeconds: 5 });
  });

  it('is degraded with the reason when a dependency fails', async () => {
    const health = new HealthRegistry(0);
    health.setService('ingest', 'up');
    health.addDependency('bus', async () => {
      throw new Error('broker unreachable');
    });
    const report = await health.report();
    expect(report.status).toBe('degraded');
    expect(report.dependencies.bus).toMatchObject({ ok: false, detail: 'broker unreachable' });
  });

  it('is down while a service is still starting, and times out a hung check', async () => {
    const health = new HealthRegistry(0, Date.now, 20);
    health.setService('ingest', 'up');
    health.setService('dashboard-api', 'starting');
    health.addDependency('state', () => new Promise(() => undefined));
    const report = await health.report();
    expect(report.status).toBe('down');
    expect(report.dependencies.state.detail).toMatch(/no answer within 20 ms/);
  });
});
