import { makeDetectConfig } from '@vigil/detect';
import { DEFAULT_POLICY } from './anomaly-detector.config';
import { DetectorBook } from './detector-book';
import { InboxView } from './inbox-view';
import { inboxRef, type InboxItem } from './partition-state.repository';
import { seriesKey } from './series-key';

const FP = '00000000000000a1';
const DAY = 86_400_000;
const item = (id: string, tenant = 'acme', atMillis = 0): InboxItem => ({ id, tenant, fingerprint: FP, atMillis });
const setup = () => {
  const book = new DetectorBook(makeDetectConfig(), {}, [DEFAULT_POLICY]);
  return { book, partition: book.ensure(0), view: new InboxView() };
};

describe('InboxView: the inbox is read beside a batch and adopted by the next', () => {
  it('reads at most every poll interval; only the first read after a load is waited for', () => {
    const { view } = setup();
    expect(view.shouldRead(0, 1_000)).toBe(true);
    expect(view.firstRead).toBe(true);
    expect(view.shouldRead(500, 1_000)).toBe(false);
    expect(view.shouldRead(1_000, 1_000)).toBe(true);
  });

  it('turns a read into pending reports by tenant + series, once', () => {
    const { partition, view } = setup();
    view.received([item('a1'), item('g1', 'globex')]);
    view.adopt(partition, 0, DAY);
    expect(view.firstRead).toBe(false);
    expect([...partition.pending.keys()].sort()).toEqual([seriesKey('acme', FP), seriesKey('globex', FP)]);
    partition.pending.clear();
    view.adopt(partition, 0, DAY); // nothing new read: the pending reports stay as they are
    expect(partition.pending.size).toBe(0);
  });

  it('ignores reports the previous batch applied and removed, which a read taken during that batch still holds', () => {
    const { partition, view } = setup();
    view.received([item('a1'), item('a2')]);
    view.removed(new Set([inboxRef(item('a1'))]));
    view.adopt(partition, 0, DAY);
    expect(partition.pending.get(seriesKey('acme', FP))?.map((r) => r.id)).toEqual(['a2']);
  });

  it('takes out reports the replayed log applied, and reports whose series never came within the expiry', () => {
    const { partition, view } = setup();
    partition.replayedReports.add(inboxRef(item('a1')));
    view.received([item('a1'), item('old', 'initech', 0), item('new', 'initech', 9 * DAY)]);
    const { done, expired } = view.adopt(partition, 10 * DAY, 7 * DAY);
    expect([...done].sort()).toEqual([inboxRef(item('a1')), inboxRef(item('old', 'initech'))].sort());
    expect(expired.map((i) => i.id)).toEqual(['old']);
    expect(partition.pending.get(seriesKey('initech', FP))?.map((r) => r.id)).toEqual(['new']);
    expect(partition.replayedReports.size).toBe(0);
  });
});
