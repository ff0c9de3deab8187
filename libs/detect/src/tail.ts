/**
 * Gaussian tail probabilities in the log domain, so scores stay ordered far past the point where
 * 1 − p rounds to 1 in float64 (a z of 40 is still distinguishable from a z of 20).
 */

const LN10 = Math.log(10);

/** log10 of the upper tail Q(z) = P(Z ≥ z) for a standard normal Z. */
export function log10UpperTail(z: number): number {
  // Q(z) = erfc(z/√2)/2, erfc from Numerical Recipes' Chebyshev fit (relative error < 1.2e-7),
  // evaluated as a logarithm so large z does not underflow.
  const x = z / Math.SQRT2;
  const ax = Math.abs(x);
  const t = 1 / (1 + 0.5 * ax);
  const poly =
    -ax * ax -
    1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const lnErfc = Math.log(t) + poly;
  if (x >= 0) return (lnErfc - Math.LN2) / LN10;
  // erfc(−a) = 2 − erfc(a)
  return Math.log10((2 - Math.exp(lnErfc)) / 2);
}
