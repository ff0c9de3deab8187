import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { listFolderFiles } from '@vigil/config';
import { KnowledgeBase, incidentDocument, runbookFromMarkdown, type IncidentSignature, type KnowledgeDocument, type KnowledgeMatch, type ResolvedIncident } from '@vigil/insight';

/**
 * One knowledge base per tenant (incidents are private to a tenant), each holding the shared
 * runbooks. In memory: rebuilt at start from the runbook folder and the store, then kept up to
 * date as incidents resolve and notes arrive (decision 144).
 */
export class KnowledgeLibrary {
  private runbooks: KnowledgeDocument[] = [];
  private readonly bases = new Map<string, KnowledgeBase>();
  private readonly incidents = new Map<string, KnowledgeDocument>();

  /** Reads every `*.md` under `dir` (missing folder = no runbooks); returns how many. */
  async loadRunbooks(dir: string): Promise<number> {
    const files = await listFolderFiles(dir, isRunbook);
    const documents: KnowledgeDocument[] = [];
    for (const file of files) documents.push(runbookFromMarkdown(relative(dir, file), await readFile(file, 'utf8')));
    this.runbooks = documents;
    for (const base of this.bases.values()) for (const doc of documents) base.upsert(doc);
    return documents.length;
  }

  private base(tenant: string): KnowledgeBase {
    let base = this.bases.get(tenant);
    if (!base) {
      base = new KnowledgeBase();
      for (const doc of this.runbooks) base.upsert(doc);
      this.bases.set(tenant, base);
    }
    return base;
  }

  /** Adds or updates a past incident (same id = update: notes arriving later refine it). */
  remember(tenant: string, incident: ResolvedIncident, logTemplates: readonly string[] = []): void {
    const doc = incidentDocument(incident);
    const full = { ...doc, logTemplates: [...new Set([...doc.logTemplates, ...logTemplates])] };
    this.incidents.set(`${tenant}/${incident.id}`, full);
    this.base(tenant).upsert(full);
  }

  /** The incident document already known, to refine it with notes. */
  incident(tenant: string, id: string): KnowledgeDocument | undefined {
    return this.incidents.get(`${tenant}/${id}`);
  }

  /** Past incidents and runbooks that look like this one, most similar first; never the incident itself. */
  similar(tenant: string, signature: IncidentSignature, excludeId: string, limit = 3): KnowledgeMatch[] {
    return this.base(tenant)
      .similar(signature, limit + 1)
      .filter((m) => m.document.id !== excludeId)
      .slice(0, limit);
  }

  search(tenant: string, query: string, limit = 5): KnowledgeMatch[] {
    return this.base(tenant).search(query, limit);
  }

  size(tenant: string): number {
    return this.base(tenant).size;
  }
}

/** Runbooks are the Markdown files of the folder, except its README. */
function isRunbook(fileName: string): boolean {
  const lower = fileName.toLowerCase();
  return lower.endsWith('.md') && lower !== 'readme.md';
}
