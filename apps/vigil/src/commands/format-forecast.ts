import { plot } from 'asciichart';
import type { ForecastAnswer } from '@vigil/capacity-planner';
import { formatTable } from './format-table';

const CHART_HEIGHT = 12;

/** What `vigil forecast` prints for one series: header, action, breach times, chart, table. */
export function formatForecast(answer: ForecastAnswer, nowMillis: number): string {
  const { plan, forecast, history, horizon } = answer;
  const labels = Object.entries(answer.labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',');
  const lines = [`${answer.metricName}{${labels}}  (series ${answer.fingerprintHex}, horizon ${horizon.name}: ${horizon.steps} × ${duration(horizon.stepMillis)})`];
  if (plan) {
    lines.push(`  action    ${plan.action}  — rule ${plan.rule.id}: ${plan.rule.description}`);
    lines.push(
      `  capacity  ${plan.capacity === null ? 'unknown' : number(plan.capacity)} (${plan.capacitySource}), resource ${answer.resource}, utilisation now ${percent(plan.currentUtilisation)}`,
    );
    for (const breach of [plan.warning, plan.critical]) {
      const name = breach === plan.warning ? 'warning ' : 'critical';
      lines.push(`  ${name}  ${percent(breach.threshold)} reached ${when(breach.atMillis, nowMillis)}; earliest plausible ${when(breach.earliestAtMillis, nowMillis)}`);
    }
    if (plan.recommendedCapacity !== null) {
      lines.push(`  recommend capacity ${number(plan.recommendedCapacity)}${plan.recommendedReplicas === null ? '' : ` (${plan.recommendedReplicas} replicas)`} keeps the upper 95 % under warning`);
    }
  } else {
    lines.push('  (not a configured or default resource: forecast only, no thresholds or action)');
  }
  const backtest = forecast.backtest ? `; back-test MAE ${number(forecast.backtest.mae)}, MASE ${number(forecast.backtest.mase)} over ${forecast.backtest.origins} origins` : '';
  lines.push(`  model     ${forecast.model} (${forecast.status})${backtest}`);
  lines.push(`            ${forecast.reason}`);
  if (forecast.point.length === 0) return `${lines.join('\n')}\n`;

  lines.push('', chart(answer), '');
  const start = history.startMillis + history.values.length * history.stepMillis;
  const rows = forecast.point.map((value, i) => ({
    time: new Date(start + i * history.stepMillis).toISOString().slice(0, 16).replace('T', ' '),
    point: number(value),
    '80 %': `${number(forecast.lower80[i])} – ${number(forecast.upper80[i])}`,
    '95 %': `${number(forecast.lower95[i])} – ${number(forecast.upper95[i])}`,
  }));
  lines.push(formatTable(['time', 'point', '80 %', '95 %'], rows));
  return lines.join('\n');
}

/**
 * History (as many steps as the horizon, at most) followed by the point forecast, with the 95 %
 * band as two more lines and the thresholds as flat lines. asciichart needs finite values that
 * start together, so gaps carry the previous value and the band starts on the history line.
 */
export function chart(answer: ForecastAnswer): string {
  const { forecast, history, plan } = answer;
  const tail = carryForward(history.values.slice(-answer.horizon.steps));
  const series = [
    [...tail, ...forecast.point],
    [...tail, ...forecast.upper95],
    [...tail, ...forecast.lower95],
  ];
  if (plan?.capacity) {
    const width = series[0].length;
    series.push(new Array<number>(width).fill(plan.warning.threshold * plan.capacity), new Array<number>(width).fill(plan.critical.threshold * plan.capacity));
  }
  const legend = `  ${'─'.repeat(tail.length)}┊ history | forecast → (lines: point, upper 95 %, lower 95 %${plan?.capacity ? ', warning, critical' : ''})`;
  return `${plot(series, { height: CHART_HEIGHT, format: (value) => number(value).padStart(10) })}\n${legend}`;
}

function carryForward(values: readonly number[]): number[] {
  const out: number[] = [];
  let last = values.find((v) => Number.isFinite(v)) ?? 0;
  for (const value of values) {
    if (Number.isFinite(value)) last = value;
    out.push(last);
  }
  return out;
}

function number(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  if (abs >= 1e12) return `${(value / 1e12).toFixed(2)}T`;
  if (abs >= 1e9) return `${(value / 1e9).toFixed(2)}G`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  return abs >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

function percent(value: number | null): string {
  return value === null || !Number.isFinite(value) ? 'n/a' : `${(value * 100).toFixed(1)} %`;
}

function duration(millis: number): string {
  const hours = Math.round(Math.abs(millis) / 3_600_000);
  return hours >= 48 ? `${Math.floor(hours / 24)}d${hours % 24 ? ` ${hours % 24}h` : ''}` : `${hours}h`;
}

function when(atMillis: number | null, nowMillis: number): string {
  if (atMillis === null) return 'not within the horizon';
  const iso = new Date(atMillis).toISOString().slice(0, 16).replace('T', ' ');
  return atMillis <= nowMillis ? `already (${iso} UTC)` : `${iso} UTC (in ${duration(atMillis - nowMillis)})`;
}
