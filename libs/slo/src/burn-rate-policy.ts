/**
 * The SRE workbook's multi-window, multi-burn-rate alerting ("Alerting on SLOs", table 5-8),
 * written for a 30-day SLO window:
 *
 *   severity  long window  short window  burn rate  budget spent when it fires
 *   page      1 h          5 m           14.4       2 %
 *   page      6 h          30 m          6          5 %
 *   ticket    1 d          2 h           3          10 %
 *   ticket    3 d          6 h           1          10 %
 *
 * For another SLO period the windows are scaled by period / 30 d and the burn rates kept, so every
 * alert still fires after spending the same fraction of the budget (burn × window / period is
 * invariant). Scaled windows are rounded to whole multiples of the evaluation resolution.
 */
import { parseDecimal } from './decimal';
import type { Decimal } from './decimal';
import type { BurnRateAlertPolicy } from './model';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The period the workbook's numbers are written for. */
export const WORKBOOK_PERIOD_MILLIS = 30 * DAY;

interface WorkbookRow {
  readonly severity: 'page' | 'ticket';
  readonly longWindowMillis: number;
  readonly shortWindowMillis: number;
  readonly burnRate: string;
}

const WORKBOOK: readonly WorkbookRow[] = [
  { severity: 'page', longWindowMillis: HOUR, shortWindowMillis: 5 * MINUTE, burnRate: '14.4' },
  { severity: 'page', longWindowMillis: 6 * HOUR, shortWindowMillis: 30 * MINUTE, burnRate: '6' },
  { severity: 'ticket', longWindowMillis: DAY, shortWindowMillis: 2 * HOUR, burnRate: '3' },
  { severity: 'ticket', longWindowMillis: 3 * DAY, shortWindowMillis: 6 * HOUR, burnRate: '1' },
];

/** Scales a workbook window to `periodMillis`, rounded to a whole number of `resolutionMillis` (≥ 1). */
export function scaleWindow(windowMillis: number, periodMillis: number, resolutionMillis: number): number {
  const scaled = (windowMillis * periodMillis) / WORKBOOK_PERIOD_MILLIS;
  return Math.max(1, Math.round(scaled / resolutionMillis)) * resolutionMillis;
}

/** The four default alerts for an SLO whose period is `periodMillis`. */
export function defaultBurnRateAlerts(periodMillis: number, resolutionMillis: number): BurnRateAlertPolicy[] {
  return WORKBOOK.map((row) => ({
    severity: row.severity,
    burnRate: parseDecimal(row.burnRate) as Decimal,
    longWindowMillis: scaleWindow(row.longWindowMillis, periodMillis, resolutionMillis),
    shortWindowMillis: scaleWindow(row.shortWindowMillis, periodMillis, resolutionMillis),
    forMillis: 0,
    inclusive: false,
  }));
}

/**
 * The workbook pairs each long window with a short one of 1/12 its length; an OpenSLO burnrate
 * condition names only `lookbackWindow`, so its short window is derived the same way.
 */
export function shortWindowFor(longWindowMillis: number, resolutionMillis: number): number {
  return Math.max(1, Math.round(longWindowMillis / 12 / resolutionMillis)) * resolutionMillis;
}
