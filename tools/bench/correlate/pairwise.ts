/**
 * Pairwise precision and recall of "same incident": over all pairs of alerts, a predicted pair
 * is one put in the same incident, a true pair one from the same cascade.
 */

const pairs = (n: number): number => (n * (n - 1)) / 2;

export function pairwiseScores(predicted: readonly string[], truth: readonly string[]): { precision: number; recall: number; f1: number } {
  const cell = new Map<string, number>();
  const pred = new Map<string, number>();
  const real = new Map<string, number>();
  for (let i = 0; i < predicted.length; i++) {
    const key = `${predicted[i]}\u0000${truth[i]}`;
    cell.set(key, (cell.get(key) ?? 0) + 1);
    pred.set(predicted[i], (pred.get(predicted[i]) ?? 0) + 1);
    real.set(truth[i], (real.get(truth[i]) ?? 0) + 1);
  }
  let tp = 0;
  for (const n of cell.values()) tp += pairs(n);
  let predictedPairs = 0;
  for (const n of pred.values()) predictedPairs += pairs(n);
  let truePairs = 0;
  for (const n of real.values()) truePairs += pairs(n);
  const precision = predictedPairs === 0 ? 1 : tp / predictedPairs;
  const recall = truePairs === 0 ? 1 : tp / truePairs;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}
