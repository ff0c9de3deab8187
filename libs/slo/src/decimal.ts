/**
 * Exact decimal arithmetic for SLO targets. A target such as 99.9 % must give an error budget of
 * exactly 0.001, and a burn-rate threshold of exactly 14.4 × 0.001 = 0.0144; binary floating point
 * gives 0.0009999999999998899 and 0.014399999999999998. Values are kept as `units / 10^scale`
 * with bigint units and are only turned into a `number` (the nearest double of the exact decimal)
 * at the last moment, so Vigil and the exported Prometheus rules compare against the same double.
 */
export interface Decimal {
  /** Unscaled value: the decimal is `units / 10^scale`. */
  readonly units: bigint;
  /** Number of digits after the decimal point (≥ 0). */
  readonly scale: number;
}

const DECIMAL_PATTERN = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** Parses a plain decimal literal ("99.9", "0.999", "14.4"); undefined when it is not one. */
export function parseDecimal(text: string): Decimal | undefined {
  const match = DECIMAL_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, sign, whole, fraction = ''] = match;
  const units = BigInt(`${whole}${fraction}`) * (sign === '-' ? -1n : 1n);
  return normalize({ units, scale: fraction.length });
}

/**
 * A JS number as the decimal it was written as. YAML hands us doubles; the shortest round-trip
 * string of a double (what `String(n)` returns) is the literal the user wrote whenever that literal
 * has ≤ 15 significant digits, which every realistic target has.
 */
export function decimalFromNumber(value: number): Decimal {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const text = String(value);
  if (/e/i.test(text)) {
    const [mantissa, exponentText] = text.toLowerCase().split('e');
    const base = parseDecimal(mantissa) as Decimal;
    const exponent = Number(exponentText);
    return exponent >= 0
      ? normalize({ units: base.units * 10n ** BigInt(exponent), scale: base.scale })
      : normalize({ units: base.units, scale: base.scale - exponent });
  }
  return parseDecimal(text) as Decimal;
}

function normalize(value: Decimal): Decimal {
  let { units, scale } = value;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

export function decimalAdd(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return normalize({ units: x + y, scale });
}

export function decimalSubtract(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return normalize({ units: x - y, scale });
}

export function decimalMultiply(a: Decimal, b: Decimal): Decimal {
  return normalize({ units: a.units * b.units, scale: a.scale + b.scale });
}

/** Shifts the decimal point: `decimalShift(x, -2)` divides by 100, exactly. */
export function decimalShift(a: Decimal, powerOfTen: number): Decimal {
  return powerOfTen >= 0
    ? normalize({ units: a.units * 10n ** BigInt(powerOfTen), scale: a.scale })
    : normalize({ units: a.units, scale: a.scale - powerOfTen });
}

/** -1, 0 or 1. */
export function decimalCompare(a: Decimal, b: Decimal): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The exact decimal as a plain string ("0.001", "14.4", "-3"). */
export function decimalToString(value: Decimal): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = digits.slice(digits.length - value.scale);
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** The double nearest to the exact decimal (JS parses decimal strings with correct rounding). */
export function decimalToNumber(value: Decimal): number {
  return Number(decimalToString(value));
}

export const DECIMAL_ZERO: Decimal = { units: 0n, scale: 0 };
export const DECIMAL_ONE: Decimal = { units: 1n, scale: 0 };
