/**
 * ARIMA / SARIMA through the `arima` package (a WebAssembly build of the C library ctsa),
 * with its automatic order search. The module is compiled on first use and its console output
 * silenced. `predict` returns forecast variances, so sigma is their square root.
 */
import { dirname, join } from 'node:path';
import type ARIMA from 'arima';
import type { Forecaster, PointForecast } from './types';

interface EmscriptenOptions {
  wasmBinary: Uint8Array;
  print: (text: string) => void;
  printErr: (text: string) => void;
}

let arimaClass: typeof ARIMA | undefined;

/**
 * The package's entry point builds its WebAssembly module with console output going to stdout
 * (the C code prints "non-stationary AR part"), which would corrupt JSON output. Its `exports`
 * map hides the pieces, so they are loaded by path from the installed package instead.
 */
function getArima(): typeof ARIMA {
  if (!arimaClass) {
    const root = dirname(require.resolve('arima'));
    /* eslint-disable @typescript-eslint/no-require-imports -- files outside the package's exports map, see above */
    const createModule = require(join(root, 'wasm/native-sync.js')) as (options: EmscriptenOptions) => unknown;
    const wasmBinary = require(join(root, 'wrapper/native.bin.js')) as Uint8Array;
    const load = require(join(root, 'load.js')) as (module: unknown) => typeof ARIMA;
    /* eslint-enable @typescript-eslint/no-require-imports */
    arimaClass = load(createModule({ wasmBinary, print: () => undefined, printErr: () => undefined }));
  }
  return arimaClass;
}

export interface ArimaOptions {
  /** Seasonal period for SARIMA; 0 for non-seasonal ARIMA. */
  readonly period: number;
  /** Largest orders the automatic search may pick (p, d, q, P, D, Q). */
  readonly maxOrders?: { p: number; d: number; q: number; P: number; D: number; Q: number };
}

/** Fits an automatically ordered (S)ARIMA model; throws only if the native code returns nothing usable. */
export function forecastArima(values: Float64Array, horizon: number, options: ArimaOptions): PointForecast {
  const Arima = getArima();
  const seasonal = options.period > 1;
  const orders = options.maxOrders ?? (seasonal ? { p: 2, d: 1, q: 2, P: 1, D: 1, Q: 1 } : { p: 3, d: 1, q: 3, P: 0, D: 0, Q: 0 });
  // Centre and scale: the optimiser behaves better near unit scale.
  let mean = 0;
  for (const v of values) mean += v / values.length;
  let scale = 0;
  for (const v of values) scale += Math.abs(v - mean) / values.length;
  scale = scale > 0 ? scale : 1;
  const model = new Arima({ auto: true, ...orders, s: seasonal ? options.period : 0, verbose: false });
  try {
    model.train(Array.from(values, (v) => (v - mean) / scale));
    const [pred, variances] = model.predict(horizon);
    const point = new Float64Array(horizon);
    const sigma = new Float64Array(horizon);
    for (let h = 0; h < horizon; h++) {
      point[h] = pred[h] * scale + mean;
      sigma[h] = Math.sqrt(Math.max(0, variances[h])) * scale;
    }
    if (!point.every(Number.isFinite)) throw new Error('arima returned non-finite forecasts');
    return { point, sigma };
  } finally {
    model.destroy();
  }
}

/** Seasonal ARIMA with automatic order on the raw series (shortest detected period). */
export const sarimaForecaster: Forecaster = {
  name: 'sarima_auto',
  applies: (c) => c.periods.length > 0,
  minLength: (c) => Math.max(3 * (c.periods[0] ?? 1), 30),
  forecast: (values, horizon, c) => forecastArima(values, horizon, { period: c.periods[0] ?? 0 }),
};
