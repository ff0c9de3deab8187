/**
 * Knowledge base: past incidents (root cause, resolution notes) and runbooks (markdown), found
 * by text (BM25) or by signature (services, alert names, log templates). In memory and pure —
 * the service feeds it from the store and the runbook folder.
 */
import { parse as parseYaml } from 'yaml';

export interface KnowledgeDocument {
  /** Stable id: incident id, or `runbook:<path>`. */
  id: string;
  kind: 'incident' | 'runbook';
  title: string;
  /** Markdown or plain text. */
  body: string;
  services: string[];
  alertNames: string[];
  logTemplates: string[];
  rootCause?: string;
  resolution?: string;
  occurredAtMillis?: number;
}

/** What an incident looks like, to find similar ones. */
export interface IncidentSignature {
  services: string[];
  alertNames: string[];
  logTemplates: string[];
}

export interface KnowledgeMatch {
  document: KnowledgeDocument;
  score: number;
  /** Why it matched: shared services, alerts, templates or query terms. */
  reasons: string[];
}

/** Weights of the signature parts; log templates are the most specific. */
const SIGNATURE_WEIGHTS = { services: 0.35, alertNames: 0.3, logTemplates: 0.35 } as const;
const BM25_K1 = 1.2;
const BM25_B = 0.75;
/** Title words count this many times. */
const TITLE_BOOST = 3;

export class KnowledgeBase {
  private readonly documents = new Map<string, KnowledgeDocument>();
  private readonly terms = new Map<string, Map<string, number>>();
  private readonly lengths = new Map<string, number>();

  /** Adds or replaces a document (same id = update). */
  upsert(document: KnowledgeDocument): void {
    this.documents.set(document.id, document);
    const tokens = [
      ...Array<string[]>(TITLE_BOOST).fill(words(document.title)).flat(),
      ...words(document.body),
      ...words(document.rootCause ?? ''),
      ...words(document.resolution ?? ''),
      ...document.services.flatMap(words),
      ...document.alertNames.flatMap(words),
    ];
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    this.terms.set(document.id, counts);
    this.lengths.set(document.id, tokens.length);
  }

  get size(): number {
    return this.documents.size;
  }

  /** Full-text search, best first. */
  search(query: string, limit = 5): KnowledgeMatch[] {
    const queryTerms = [...new Set(words(query))];
    if (queryTerms.length === 0 || this.documents.size === 0) return [];
    const n = this.documents.size;
    const averageLength = [...this.lengths.values()].reduce((a, b) => a + b, 0) / n;
    const matches: KnowledgeMatch[] = [];
    for (const [id, counts] of this.terms) {
      let score = 0;
      const hits: string[] = [];
      for (const term of queryTerms) {
        const tf = counts.get(term) ?? 0;
        if (tf === 0) continue;
        const df = this.documentFrequency(term);
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const length = this.lengths.get(id) ?? 0;
        score +=
          (idf * tf * (BM25_K1 + 1)) / (tf + BM25_K1 * (1 - BM25_B + (BM25_B * length) / averageLength));
        hits.push(term);
      }
      if (score > 0)
        matches.push({
          document: this.documents.get(id) as KnowledgeDocument,
          score,
          reasons: hits.map((h) => `term:${h}`),
        });
    }
    return sortMatches(matches).slice(0, limit);
  }

  /** Documents whose signature resembles an incident's ("this looks like the incident of 3 March"). */
  similar(signature: IncidentSignature, limit = 3, minScore = 0.15): KnowledgeMatch[] {
    const matches: KnowledgeMatch[] = [];
    for (const document of this.documents.values()) {
      const reasons: string[] = [];
      const services = overlap(signature.services, document.services, (s) => reasons.push(`service:${s}`));
      const alerts = overlap(signature.alertNames, document.alertNames, (a) => reasons.push(`alert:${a}`));
      const templates = templateOverlap(signature.logTemplates, document.logTemplates, (t) =>
        reasons.push(`log:${t}`),
      );
      const score =
        SIGNATURE_WEIGHTS.services * services +
        SIGNATURE_WEIGHTS.alertNames * alerts +
        SIGNATURE_WEIGHTS.logTemplates * templates;
      if (score >= minScore) matches.push({ document, score: Math.round(score * 1000) / 1000, reasons });
    }
    return sortMatches(matches).slice(0, limit);
  }

  private documentFrequency(term: string): number {
    let df = 0;
    for (const counts of this.terms.values()) if (counts.has(term)) df += 1;
    return df;
  }
}

/**
 * A runbook from a markdown file: optional YAML front matter (`title`, `services`, `alerts`,
 * `log_templates`), else the first `# ` heading is the title.
 */
export function runbookFromMarkdown(path: string, markdown: string): KnowledgeDocument {
  let body = markdown;
  let meta: Record<string, unknown> = {};
  const front = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(markdown);
  if (front) {
    const parsed: unknown = parseYaml(front[1]);
    if (parsed && typeof parsed === 'object') meta = parsed as Record<string, unknown>;
    body = markdown.slice(front[0].length);
  }
  const heading = /^#\s+(.+)$/m.exec(body);
  const list = (value: unknown): string[] =>
    Array.isArray(value)
      ? value.map(String)
      : typeof value === 'string'
        ? value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [];
  return {
    id: `runbook:${path}`,
    kind: 'runbook',
    title: typeof meta.title === 'string' ? meta.title : (heading?.[1].trim() ?? path),
    body,
    services: list(meta.services),
    alertNames: list(meta.alerts ?? meta.alert_names),
    logTemplates: list(meta.log_templates),
  };
}

/** Lower-case word tokens of two or more characters (keeps `payment-service`, `p99`, `5xx`). */
export function words(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9][a-z0-9_.-]*[a-z0-9]/g) ?? []).filter((w) => w.length >= 2);
}

/** Share of the query's items found in the document (case-insensitive), 0 when the query has none. */
function overlap(
  query: readonly string[],
  document: readonly string[],
  onHit: (item: string) => void,
): number {
  if (query.length === 0 || document.length === 0) return 0;
  const have = new Set(document.map((d) => d.toLowerCase()));
  let hits = 0;
  for (const q of new Set(query.map((x) => x.toLowerCase()))) {
    if (have.has(q)) {
      hits += 1;
      onHit(q);
    }
  }
  return hits / new Set(query.map((x) => x.toLowerCase())).size;
}

/** Like `overlap`, but two templates match when their words are at least 60 % the same (Jaccard). */
function templateOverlap(
  query: readonly string[],
  document: readonly string[],
  onHit: (item: string) => void,
): number {
  if (query.length === 0 || document.length === 0) return 0;
  const documentSets = document.map((d) => new Set(words(d)));
  let hits = 0;
  for (const q of query) {
    const qs = new Set(words(q));
    if (documentSets.some((ds) => jaccard(qs, ds) >= 0.6)) {
      hits += 1;
      onHit(q);
    }
  }
  return hits / query.length;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared += 1;
  return shared / (a.size + b.size - shared);
}

function sortMatches(matches: KnowledgeMatch[]): KnowledgeMatch[] {
  return matches.sort((a, b) => b.score - a.score || a.document.id.localeCompare(b.document.id));
}
