import { acceptPostedAlert } from '../alerts/alert';
import { parseMatchers } from '../labels/matcher';
import { Inhibitor } from './inhibitor';

const rule = (source: string, target: string, equal: string[]) => ({ sourceMatchers: parseMatchers(source), targetMatchers: parseMatchers(target), equal });
const alert = (labels: Record<string, string>, endsAtMillis?: number) => acceptPostedAlert({ labels, endsAtMillis, startsAtMillis: 0 }, 0, 300_000);

describe('inhibition', () => {
  it('mutes a target only when the equal labels agree', () => {
    const inhibitor = new Inhibitor([rule('severity="critical"', 'severity="warning"', ['cluster'])]);
    const source = alert({ alertname: 'Down', severity: 'critical', cluster: 'eu' });
    inhibitor.observe(source);
    expect(inhibitor.inhibitedBy({ alertname: 'Slow', severity: 'warning', cluster: 'eu' }, 1)).toBeDefined();
    expect(inhibitor.inhibitedBy({ alertname: 'Slow', severity: 'warning', cluster: 'us' }, 1)).toBeUndefined();
  });

  it('treats a label absent on both sides as equal', () => {
    const inhibitor = new Inhibitor([rule('severity="critical"', 'severity="warning"', ['cluster'])]);
    inhibitor.observe(alert({ severity: 'critical' }));
    expect(inhibitor.inhibitedBy({ severity: 'warning' }, 1)).toBeDefined();
  });

  it('stops inhibiting once the source resolves', () => {
    const inhibitor = new Inhibitor([rule('severity="critical"', 'severity="warning"', [])]);
    inhibitor.observe(alert({ severity: 'critical' }, 100));
    expect(inhibitor.inhibitedBy({ severity: 'warning' }, 99)).toBeDefined();
    expect(inhibitor.inhibitedBy({ severity: 'warning' }, 100)).toBeUndefined();
  });

  it('never lets alerts matching both sides of a rule mute each other', () => {
    const inhibitor = new Inhibitor([rule('alertname="Flap"', 'alertname="Flap"', [])]);
    inhibitor.observe(alert({ alertname: 'Flap', i: '1' }));
    inhibitor.observe(alert({ alertname: 'Flap', i: '2' }));
    expect(inhibitor.inhibitedBy({ alertname: 'Flap', i: '1' }, 1)).toBeUndefined();
  });
});
