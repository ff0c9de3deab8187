/**
 * libs/slo against the real Prometheus rule engine: the rules Vigil exports, run by
 * `promtool test rules` (Debian package prometheus) over the same input series, must fire and
 * resolve the same alerts within one evaluation interval. Real: promtool, the exported rules,
 * the engine. Faked: nothing. The long slow-burn scenario runs in `npm run bench:slo` only.
 */
import { engineSuite } from '@vigil/testing';
import { compareEpisodes } from './oracle/episodes';
import { runPromtool } from './oracle/run-promtool';
import { runVigil } from './oracle/run-vigil';
import { scenarios } from './oracle/scenarios';

const CHECKED = [
  'fast-burn',
  'counter-reset',
  'data-gap',
  'low-traffic',
  'latency-histogram',
  'timeslices',
  'openslo-policy',
];

engineSuite('SLO burn-rate alerts agree with promtool on the exported rules', ['promtool'], (engines) => {
  for (const scenario of scenarios().filter((s) => CHECKED.includes(s.name))) {
    it(`agrees on ${scenario.name}: ${scenario.description}`, async () => {
      const vigil = runVigil(scenario);
      const prometheus = await runPromtool(scenario, vigil.definitions, engines.promtool);
      expect(vigil.episodes.length).toBeGreaterThan(0);
      const comparison = compareEpisodes(vigil.episodes, prometheus.episodes, scenario.stepMillis);
      expect(comparison.differences).toEqual([]);
      expect(comparison.maxSkewSeconds).toBeLessThanOrEqual(scenario.stepMillis / 1000);
    }, 60_000);
  }
});
