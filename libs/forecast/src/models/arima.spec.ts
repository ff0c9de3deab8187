import { forecastArima } from './arima';
import { gaussian, seededRandom } from '../../test/synthetic';

describe('ARIMA through the arima package', () => {
  it('forecasts an AR(1) series towards its mean with growing intervals and prints nothing', () => {
    const noise = gaussian(seededRandom(2));
    const values = new Float64Array(150);
    values[0] = 10;
    for (let t = 1; t < values.length; t++) values[t] = 10 + 0.7 * (values[t - 1] - 10) + noise();
    const write = jest.spyOn(process.stdout, 'write');
    const result = forecastArima(values, 12, { period: 0 });
    expect(write).not.toHaveBeenCalled();
    write.mockRestore();
    expect(result.point.every(Number.isFinite)).toBe(true);
    expect(Math.abs(result.point[11] - 10)).toBeLessThan(1.5);
    const sigma = result.sigma as Float64Array;
    expect(sigma[11]).toBeGreaterThan(sigma[0]);
  });

  it('fits a seasonal model with automatic order', () => {
    const noise = gaussian(seededRandom(4));
    const values = Float64Array.from({ length: 24 * 6 }, (_, t) => 50 + 10 * Math.sin((2 * Math.PI * t) / 24) + noise());
    const result = forecastArima(values, 24, { period: 24, maxOrders: { p: 1, d: 0, q: 1, P: 1, D: 1, Q: 0 } });
    const truth = Array.from({ length: 24 }, (_, h) => 50 + 10 * Math.sin((2 * Math.PI * (values.length + h)) / 24));
    const mae = truth.reduce((a, y, h) => a + Math.abs(y - result.point[h]), 0) / 24;
    expect(mae).toBeLessThan(2.5);
  });
});
