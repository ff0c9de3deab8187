import type { RejectReason } from './rejections';
import type { SeriesIdentity, SeriesLabel } from './telemetry';

/** Limits on one series' labels (config `ingest.limits`); a series over them is refused. */
export interface LabelLimits {
  /** Labels per series, resource attributes included. */
  readonly maxLabels: number;
  /** Characters in a label name. */
  readonly maxLabelNameLength: number;
  /** Characters in a label value: longer values are usually a raw SQL text or a stack trace. */
  readonly maxLabelValueLength: number;
}

/** Computes a series' fingerprint and bus key (contracts' `seriesFingerprint`). */
export interface Fingerprinter {
  fingerprint(name: string, labels: readonly SeriesLabel[]): bigint;
  key(fingerprint: bigint): string;
}

/** A series identity, or why the series is refused. */
export type IdentityResult = SeriesIdentity | RejectedIdentity;

export interface RejectedIdentity {
  readonly rejected: RejectReason;
  readonly detail: string;
}

export function isRejected(result: IdentityResult): result is RejectedIdentity {
  return 'rejected' in result;
}

/**
 * Resolves (tenant, metric name, resource labels, point labels) to a validated, fingerprinted
 * series. Sorting, validating and hashing cost more than decoding a point, and a batch repeats
 * the same series request after request, so results are cached by the labels in the order they
 * arrived. The cache is bounded: when full it starts over (a cheap, allocation-free policy that
 * is fine because a miss only costs recomputation).
 */
export class SeriesIdentityCache {
  private cache = new Map<string, IdentityResult>();
  private resourceTokens = new Map<string, string>();
  private scopes = new Map<string, Map<string, IdentityResult>>();
  private scopedEntries = 0;
  private nextResourceToken = 0;

  constructor(
    private readonly limits: LabelLimits,
    private readonly fingerprinter: Fingerprinter,
    private readonly maxEntries = 200_000,
  ) {}

  /**
   * @param resourceKey  a string that identifies the resource labels (their arrival-order join)
   * @param resource     resource labels as [name, value, name, value, ...]
   * @param point        point labels the same way; they win over resource labels of the same name
   */
  resolve(tenant: string, name: string, resourceKey: string, resource: readonly string[], point: readonly string[]): IdentityResult {
    let cacheKey = tenant + '\u0000' + name + '\u0000' + resourceKey + '\u0000';
    for (let i = 0; i < point.length; i++) cacheKey += point[i] + (i % 2 === 0 ? '\u0001' : '\u0002');
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined) return cached;
    const result = this.compute(tenant, name, resource, point);
    if (this.cache.size >= this.maxEntries) this.cache = new Map();
    this.cache.set(cacheKey, result);
    return result;
  }

  /**
   * A short stand-in for a resource's label string, stable while the cache lives: cache keys
   * are built per point, and a resource's labels can be hundreds of characters.
   */
  resourceToken(resourceKey: string): string {
    let token = this.resourceTokens.get(resourceKey);
    if (token === undefined) {
      if (this.resourceTokens.size >= this.maxEntries) {
        // Tokens index the cache; dropping them means dropping the cache too.
        this.resourceTokens = new Map();
        this.cache = new Map();
      }
      token = `r${this.nextResourceToken++}`;
      this.resourceTokens.set(resourceKey, token);
    }
    return token;
  }

  /**
   * The cache of one (tenant, metric, resource): wire decoders look a point up by its raw
   * attribute bytes here, so a known series costs one Map lookup and no decoding at all.
   */
  scope(tenant: string, name: string, resourceKey: string): Map<string, IdentityResult> {
    const key = tenant + '\u0000' + name + '\u0000' + resourceKey;
    let scope = this.scopes.get(key);
    if (!scope) {
      scope = new Map();
      this.scopes.set(key, scope);
    }
    return scope;
  }

  /** Computes a point's identity on a scope miss and remembers it under `rawKey`. */
  computeInScope(scope: Map<string, IdentityResult>, rawKey: string, tenant: string, name: string, resource: readonly string[], point: readonly string[]): IdentityResult {
    const result = this.compute(tenant, name, resource, point);
    if (++this.scopedEntries > this.maxEntries) {
      // Bounded like the main cache: start over (scopes held by a request in flight stay valid).
      this.scopes = new Map();
      this.scopedEntries = 0;
    }
    scope.set(rawKey, result);
    return result;
  }

  private compute(tenant: string, name: string, resource: readonly string[], point: readonly string[]): IdentityResult {
    if (name === '') return { rejected: 'missing_metric_name', detail: 'a metric has an empty name' };
    const merged = new Map<string, string>();
    for (let i = 0; i + 1 < resource.length; i += 2) merged.set(resource[i], resource[i + 1]);
    for (let i = 0; i + 1 < point.length; i += 2) merged.set(point[i], point[i + 1]);
    const labels: SeriesLabel[] = [];
    for (const [labelName, value] of merged) {
      if (value === '') continue; // an empty label is the same as an absent one (Prometheus semantics)
      if (labelName === '') return { rejected: 'invalid_label_name', detail: `${name} has a label with an empty name` };
      if (labelName.length > this.limits.maxLabelNameLength) {
        return { rejected: 'label_name_too_long', detail: `${name} label name "${labelName.slice(0, 40)}…" is longer than ${this.limits.maxLabelNameLength}` };
      }
      if (value.length > this.limits.maxLabelValueLength) {
        return {
          rejected: 'label_value_too_long',
          detail: `${name} label "${labelName}" has a value of ${value.length} characters (limit ${this.limits.maxLabelValueLength})`,
        };
      }
      labels.push({ name: labelName, value });
    }
    if (labels.length > this.limits.maxLabels) {
      return { rejected: 'too_many_labels', detail: `${name} has ${labels.length} labels (limit ${this.limits.maxLabels})` };
    }
    labels.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const fingerprint = this.fingerprinter.fingerprint(name, labels);
    return { fingerprint, key: this.fingerprinter.key(fingerprint), tenant, name, labels };
  }
}
