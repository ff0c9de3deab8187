/** AC@k and Avg@5 as the RCA literature defines them, over distinct services in rank order. */

export interface CaseScore {
  caseId: string;
  truthService: string;
  /** 1-based rank of the true service among distinct ranked services; null if absent. */
  rank: number | null;
}

export interface AccuracySummary {
  cases: number;
  ac1: number;
  ac3: number;
  ac5: number;
  avg5: number;
}

/** Pod/container names often carry hash suffixes (`cart-7d4b9c-x2k8p`); compare on the stem. */
export function serviceStem(name: string): string {
  return name.replace(/(-[a-z0-9]{8,10})?-[a-z0-9]{5}$/, '');
}

export function rankOfTruth(rankedServices: readonly string[], truthService: string): number | null {
  const distinct = [...new Set(rankedServices)];
  const exact = distinct.indexOf(truthService);
  if (exact >= 0) return exact + 1;
  const stem = serviceStem(truthService);
  const loose = [...new Set(distinct.map(serviceStem))].indexOf(stem);
  return loose >= 0 ? loose + 1 : null;
}

export function summarize(scores: readonly CaseScore[]): AccuracySummary {
  const n = scores.length;
  const ac = (k: number) => (n === 0 ? 0 : scores.filter((s) => s.rank !== null && s.rank <= k).length / n);
  const acs = [1, 2, 3, 4, 5].map(ac);
  return { cases: n, ac1: acs[0], ac3: acs[2], ac5: acs[4], avg5: acs.reduce((a, b) => a + b, 0) / 5 };
}
