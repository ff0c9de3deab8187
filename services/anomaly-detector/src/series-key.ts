/**
 * A series' identity inside the detector: its tenant plus its fingerprint. The fingerprint
 * alone (name + labels) is the same for two tenants that send the same series, so every
 * per-series structure (detectors, checkpoints, log entries, feedback, anomaly ids) is keyed
 * by both (decision 160). Pure apart from hashing the tenant for anomaly ids.
 */
import { createHash } from 'node:crypto';

/**
 * `<tenant, URI-encoded>/<fingerprint hex>`: readable in the state store, and the encoding
 * keeps a `/` in a tenant from making two keys equal.
 */
export function seriesKey(tenant: string, fingerprint: string): string {
  return `${encodeURIComponent(tenant)}/${fingerprint}`;
}

/** Identity of one false-positive report on one series (feedback ids are unique per tenant only). */
export const reportRef = (key: string, feedbackId: string): string => `${key} ${feedbackId}`;

/** The fingerprint a series key ends with (a legacy key is the bare fingerprint). */
export const fingerprintOfKey = (key: string): string => key.slice(key.lastIndexOf('/') + 1);

const tenantTags = new Map<string, string>();

/**
 * 16 hex digits naming a tenant inside anomaly ids (first 8 bytes of its SHA-256): fixed
 * width, so ids stay parseable, and 64 bits make two tenants' tags collide practically never.
 */
export function tenantTag(tenant: string): string {
  let tag = tenantTags.get(tenant);
  if (tag === undefined) {
    tag = createHash('sha256').update(tenant, 'utf8').digest('hex').slice(0, 16);
    if (tenantTags.size < 10_000) tenantTags.set(tenant, tag);
  }
  return tag;
}

/**
 * Deterministic anomaly id: series fingerprint (16 hex) + point time in Unix ms (12 hex) +
 * tenant tag (16 hex). Two tenants' anomalies on the same series and point differ; the
 * fingerprint stays first so feedback on an anomaly finds its series (decisions 131, 160).
 */
export function anomalyId(tenant: string, fingerprint: string, timestampMillis: number): string {
  return `${fingerprint}${Math.round(timestampMillis).toString(16).padStart(12, '0')}${tenantTag(tenant)}`;
}

/**
 * Whether an anomaly id may be `tenant`'s: its tenant tag matches (ids from before decision
 * 160 carry no tag and are accepted; the report's tenant then picks the series).
 */
export const anomalyOfTenant = (id: string, tenant: string): boolean => id.length === 28 || id.slice(28).toLowerCase() === tenantTag(tenant);

/** The series fingerprint an anomaly id starts with. */
export const fingerprintOfAnomalyId = (id: string): string => id.slice(0, 16);
