import { Calibrator } from './calibration';
import { gaussian } from './__fixtures__/synthetic';

describe('Calibrator', () => {
  it('gives small tail probabilities only to values beyond the usual range', () => {
    const cal = new Calibrator(1, 2000);
    const noise = gaussian(1);
    for (let i = 0; i < 3000; i++) cal.log10Tail(0, Math.abs(noise()), i);
    expect(cal.log10Tail(0, 0.5, 3000)).toBeGreaterThan(-0.5);
    expect(cal.log10Tail(0, 8, 3001)).toBeLessThan(-4);
    // Further out is rarer, even past anything ever seen.
    expect(cal.log10Tail(0, 30, 3002)).toBeLessThan(cal.log10Tail(0, 10, 3003));
  });

  it('learns that recurring large values are normal for this series', () => {
    const cal = new Calibrator(1, 2000);
    const noise = gaussian(2);
    for (let i = 0; i < 3000; i++) cal.log10Tail(0, i % 50 === 0 ? 40 : Math.abs(noise()), i);
    expect(cal.log10Tail(0, 40, 3000)).toBeGreaterThan(-2);
  });

  it('says nothing before it has enough history', () => {
    const cal = new Calibrator(1, 2000);
    for (let i = 0; i < 50; i++) expect(cal.log10Tail(0, i === 49 ? 1000 : 1, i)).toBe(0);
  });
});
