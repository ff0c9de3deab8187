import { SeriesDetector } from './series-detector';
import { DAY_POINTS, dailySeries, gaussian, timestampOf } from './__fixtures__/synthetic';
import type { Verdict } from './verdict';

function run(values: readonly number[], detector = new SeriesDetector()): Verdict[] {
  return values.map((v, i) => detector.observe(timestampOf(i), v));
}

const alarmsIn = (verdicts: readonly Verdict[], from: number, to: number): Verdict[] => verdicts.slice(from, to).filter((v) => v.isAnomaly);

describe('SeriesDetector', () => {
  it('raises no alarm storm on two weeks of clean daily-seasonal data', () => {
    const verdicts = run(dailySeries(DAY_POINTS * 14, 1));
    // 4032 points: a handful of LOW/MEDIUM alarms at most, never a burst.
    expect(verdicts.filter((v) => v.isAnomaly).length).toBeLessThanOrEqual(3);
    expect(verdicts.filter((v) => v.isAnomaly && (v.severity === 'HIGH' || v.severity === 'CRITICAL'))).toHaveLength(0);
  });

  it('raises no alarm storm on white noise and none on a flat line', () => {
    const noise = gaussian(9);
    const noisy = run(Array.from({ length: DAY_POINTS * 14 }, () => 50 + 10 * noise()));
    // Two weeks of 5-minute noise: at most a couple of LOW/MEDIUM alerts, never a storm.
    expect(noisy.filter((v) => v.isAnomaly).length).toBeLessThanOrEqual(3);
    expect(noisy.filter((v) => v.isAnomaly && v.severity === 'CRITICAL')).toHaveLength(0);
    const flat = run(Array.from({ length: DAY_POINTS * 3 }, () => 5));
    expect(flat.filter((v) => v.isAnomaly)).toHaveLength(0);
  });

  it('flags a spike at once as a critical SPIKE and says how far outside the band it is', () => {
    const verdicts = run(dailySeries(DAY_POINTS * 7, 2, (i, b) => (i === 1500 ? b + 40 : b)));
    const spike = verdicts[1500];
    expect(spike.isAnomaly).toBe(true);
    expect(spike.type).toBe('SPIKE');
    expect(spike.severity).toBe('CRITICAL');
    expect(spike.value).toBeGreaterThan(spike.upper);
    expect(spike.explanation).toMatch(/σ above the expected .*residual detector/);
    expect(alarmsIn(verdicts, 600, 1500)).toHaveLength(0);
  });

  it('detects a level shift of four noise sigmas within a few points', () => {
    const verdicts = run(dailySeries(DAY_POINTS * 7, 3, (i, b) => (i >= 1500 ? b + 8 : b)));
    expect(alarmsIn(verdicts, 1500, 1530).length).toBeGreaterThan(0);
    expect(alarmsIn(verdicts, 600, 1500)).toHaveLength(0);
  });

  it('detects a trend starting on a flat series and calls it DRIFT or TREND', () => {
    const noise = gaussian(6);
    const values = Array.from({ length: 3000 }, (_, i) => 50 + (i >= 2000 ? (0.3 * (i - 2000)) / 10 : 0) + noise());
    const verdicts = run(values);
    const found = alarmsIn(verdicts, 2000, 2200);
    expect(found.length).toBeGreaterThan(0);
    expect(['DRIFT', 'TREND']).toContain(found[0].type);
  });

  it('detects a missing daily peak (seasonal break) that stays inside the overall range', () => {
    const verdicts = run(dailySeries(DAY_POINTS * 7, 5, (i, b) => (i >= 5 * DAY_POINTS && i < 5 * DAY_POINTS + 144 ? 100 : b)));
    expect(alarmsIn(verdicts, 5 * DAY_POINTS, 5 * DAY_POINTS + 144).length).toBeGreaterThan(0);
  });

  it('emits no score while learning', () => {
    const verdicts = run(dailySeries(200, 7));
    expect(verdicts.slice(0, 150).every((v) => v.learning && v.score === 0)).toBe(true);
  });

  it('restored mid-stream, gives exactly the verdicts of an uninterrupted run', () => {
    const values = dailySeries(DAY_POINTS * 6, 8, (i, b) => (i === 1200 ? b - 50 : i >= 1400 ? b + 10 : b));
    const straight = run(values);
    const first = new SeriesDetector();
    values.slice(0, 900).forEach((v, i) => first.observe(timestampOf(i), v));
    const bytes = first.snapshot();
    const resumed = SeriesDetector.restore({}, bytes);
    const after = values.slice(900).map((v, i) => resumed.observe(timestampOf(900 + i), v));
    expect(after).toEqual(straight.slice(900));
    expect(resumed.snapshot()).toEqual(runTo(values).snapshot());
  });

  it('keeps the statistical and ML tiers within 2 KB and the contextual tier within 460 bytes more', () => {
    const withoutContext = new SeriesDetector();
    run(dailySeries(1000, 9), withoutContext);
    expect(withoutContext.snapshot().length).toBeLessThanOrEqual(2048);
    const detector = new SeriesDetector({ contextTier: true });
    run(dailySeries(1000, 9), detector);
    expect(detector.snapshot().length - withoutContext.snapshot().length).toBeLessThanOrEqual(460);
    expect(detector.stateBytes).toBe(detector.snapshot().length);
  });

  it('is deterministic: two detectors agree bit for bit', () => {
    const values = dailySeries(2000, 10, (i, b) => (i % 333 === 0 ? b * 1.5 : b));
    expect(run(values).map((v) => v.score)).toEqual(run(values).map((v) => v.score));
  });

  it('needs more evidence after false-positive feedback, down to a floor', () => {
    const values = dailySeries(DAY_POINTS * 7, 2, (i, b) => (i === 1500 ? b + 12 : b));
    const plain = run(values)[1500].score;
    const detector = new SeriesDetector();
    for (let k = 0; k < 10; k++) detector.falsePositiveFeedback();
    expect(detector.feedbackFactor).toBe(0.5);
    const calmer = run(values, detector)[1500].score;
    expect(calmer).toBeLessThan(plain);
    detector.resetFeedback();
    expect(detector.feedbackFactor).toBe(1);
  });

  it('scores without verdicts exactly as with them (observeScore = observe().alertScore, same state)', () => {
    const values = dailySeries(DAY_POINTS * 5, 12, (i, b) => (i === 1000 ? b + 40 : i >= 1200 ? b + 10 : b));
    const full = new SeriesDetector();
    const lean = new SeriesDetector();
    const alerts = values.map((v, i) => full.observe(timestampOf(i), v).alertScore);
    const scores = values.map((v, i) => lean.observeScore(timestampOf(i), v));
    expect(scores).toEqual(alerts);
    expect(scores.some((s) => s >= lean.config.alarmScore)).toBe(true);
    expect(lean.snapshot()).toEqual(full.snapshot());
    expect(lean.observeScore(timestampOf(values.length - 1), 1e9)).toBe(0);
  });

  it('ignores replayed and non-finite points without learning from them', () => {
    const detector = new SeriesDetector();
    const values = dailySeries(400, 11);
    run(values, detector);
    const before = detector.snapshot();
    expect(detector.observe(timestampOf(399), 1e9).score).toBe(0);
    expect(detector.observe(timestampOf(400), Number.NaN).score).toBe(0);
    expect(detector.snapshot()).toEqual(before);
  });
});

function runTo(values: readonly number[]): SeriesDetector {
  const d = new SeriesDetector();
  values.forEach((v, i) => d.observe(timestampOf(i), v));
  return d;
}
