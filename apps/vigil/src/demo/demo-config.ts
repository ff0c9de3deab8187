import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import type { VigilConfig } from '@vigil/config';
import { LLM } from '@vigil/fleet';

/** A first run: the data folder is missing or empty (nothing stored, no state snapshot). */
export function isFirstRun(dataDir: string): boolean {
  return !existsSync(dataDir) || readdirSync(dataDir).length === 0;
}

/** A per-process API key for the fleet's exporters (tenant `default`, never written anywhere). */
export function newDemoApiKey(): string {
  return `demo-${randomBytes(24).toString('hex')}`;
}

/**
 * Config overrides the demo needs on top of the user's: an API key for the fleet, the model's
 * price so ingest derives `vigil.gen_ai.cost`, and — when time runs `speed` times faster —
 * service ticks short enough to keep up (a 60 s SLO evaluation is an hour of fleet life at 60×).
 * Values the user set explicitly are kept.
 */
export function demoOverrides(config: Readonly<VigilConfig>, apiKey: string, speed: number): Record<string, unknown> {
  const section = (name: string) => (config.services[name] ?? {}) as Record<string, unknown>;
  const prices = (section('ingest').genAiPrices ?? {}) as Record<string, unknown>;
  const tickMillis = Math.max(1_000, Math.round(5_000 / speed));
  const services: Record<string, Record<string, unknown>> = {
    ingest: { genAiPrices: { [LLM.model]: { inputUsdPerMillionTokens: LLM.inputUsdPerMillionTokens, outputUsdPerMillionTokens: LLM.outputUsdPerMillionTokens }, ...prices } },
  };
  if (section('slo-monitor').evaluationIntervalMillis === undefined) services['slo-monitor'] = { evaluationIntervalMillis: tickMillis };
  if (section('alert-correlator').incidentTickMillis === undefined) services['alert-correlator'] = { incidentTickMillis: tickMillis };
  return {
    auth: { apiKeys: [...config.auth.apiKeys, { key: apiKey, tenant: 'default', role: 'editor', name: 'demo fleet' }] },
    services,
  };
}
