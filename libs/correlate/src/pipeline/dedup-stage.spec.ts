import type { NotificationLogEntry } from '../nflog/notification-log';
import type { DedupInput } from './dedup-stage';
import { notificationReason } from './dedup-stage';

const entry = (firing: string[], resolved: string[], timestampMillis = 0): NotificationLogEntry => ({
  receiverKey: 'r/webhook/0', groupKey: 'g', firingAlerts: firing, resolvedAlerts: resolved, timestampMillis, expiresAtMillis: 1e12, sequence: 1, alertVersions: {},
});

const decide = (over: Partial<DedupInput>): string | undefined =>
  notificationReason({ entry: undefined, firing: new Set(), resolved: new Set(), sendResolved: true, repeatIntervalMillis: 10_000, nowMillis: 5_000, ...over });

describe('the notification decision (dedup stage)', () => {
  it('notifies a group never notified only when something fires', () => {
    expect(decide({ firing: new Set(['a']) })).toBe('first-notification');
    expect(decide({ resolved: new Set(['a']) })).toBeUndefined();
  });

  it('notifies a new firing alert', () => {
    expect(decide({ entry: entry(['a'], []), firing: new Set(['a', 'b']) })).toBe('new-firing-alert');
  });

  it('stays quiet when the firing set shrank but nothing resolved is new to a receiver without send_resolved', () => {
    expect(decide({ entry: entry(['a', 'b'], []), firing: new Set(['a']), resolved: new Set(['b']), sendResolved: false })).toBeUndefined();
  });

  it('notifies a newly resolved alert with send_resolved', () => {
    expect(decide({ entry: entry(['a', 'b'], []), firing: new Set(['a']), resolved: new Set(['b']) })).toBe('newly-resolved');
    expect(decide({ entry: entry(['a'], ['b']), firing: new Set(['a']), resolved: new Set(['b']) })).toBeUndefined();
  });

  it('notifies when all alerts resolved, even without send_resolved (clears the log)', () => {
    expect(decide({ entry: entry(['a'], []), resolved: new Set(['a']), sendResolved: false })).toBe('all-resolved');
  });

  it('stays quiet for alerts that fired and resolved between two flushes', () => {
    expect(decide({ entry: entry([], ['x']), resolved: new Set(['a']) })).toBeUndefined();
  });

  it('repeats only once the last notification is strictly older than repeat_interval', () => {
    const e = entry(['a'], [], 1_000);
    expect(decide({ entry: e, firing: new Set(['a']), nowMillis: 11_000 })).toBeUndefined();
    expect(decide({ entry: e, firing: new Set(['a']), nowMillis: 11_001 })).toBe('repeat-interval-passed');
  });
});
