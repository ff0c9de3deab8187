/**
 * Splits YAML files into documents and validates each against its kind's schema. Knows YAML
 * (positions, multi-document files) and zod; knows nothing of what an SLO means (resolve.ts).
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import type { z } from 'zod';
import { formatPath } from './issues';
import type { SloConfigIssue } from './issues';
import {
  alertConditionDocumentSchema,
  alertPolicyDocumentSchema,
  nativeSloDocumentSchema,
  passiveDocumentSchema,
  sliDocumentSchema,
  sloDocumentSchema,
} from './schema';

export interface SourceFile {
  /** Shown in messages; usually the path relative to the SLO folder. */
  readonly file: string;
  readonly text: string;
}

/** Where a document came from, and how to find the line of one of its fields. */
export interface DocumentOrigin {
  readonly file: string;
  readonly document: number;
  readonly kind: string;
  readonly name?: string;
  lineOf(path: ReadonlyArray<string | number>): number | undefined;
}

export type ParsedDocument =
  | {
      readonly kind: 'SLO';
      readonly origin: DocumentOrigin;
      readonly value: z.infer<typeof sloDocumentSchema>;
    }
  | {
      readonly kind: 'NativeSLO';
      readonly origin: DocumentOrigin;
      readonly value: z.infer<typeof nativeSloDocumentSchema>;
    }
  | {
      readonly kind: 'SLI';
      readonly origin: DocumentOrigin;
      readonly value: z.infer<typeof sliDocumentSchema>;
    }
  | {
      readonly kind: 'AlertPolicy';
      readonly origin: DocumentOrigin;
      readonly value: z.infer<typeof alertPolicyDocumentSchema>;
    }
  | {
      readonly kind: 'AlertCondition';
      readonly origin: DocumentOrigin;
      readonly value: z.infer<typeof alertConditionDocumentSchema>;
    };

/** An issue at `path` of the document at `origin`. */
export function issueAt(
  origin: DocumentOrigin,
  path: ReadonlyArray<string | number>,
  message: string,
): SloConfigIssue {
  return {
    file: origin.file,
    document: origin.document,
    kind: origin.kind,
    name: origin.name,
    path: formatPath(path),
    line: origin.lineOf(path),
    message,
  };
}

function lineFinder(
  document: Document,
  lineCounter: LineCounter,
): (path: ReadonlyArray<string | number>) => number | undefined {
  return (path) => {
    for (let length = path.length; length >= 0; length -= 1) {
      const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    return undefined;
  };
}

function zodIssues(origin: DocumentOrigin, error: z.ZodError): SloConfigIssue[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issueAt(
        origin,
        [...issue.path, issue.keys[0]],
        `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`,
      );
    }
    if (issue.code === 'invalid_union') {
      // Report the branch that got furthest instead of zod's "Invalid input".
      const deepest = issue.unionErrors
        .flatMap((unionError) => unionError.issues)
        .sort((a, b) => b.path.length - a.path.length)[0];
      if (deepest) return zodIssues(origin, { issues: [deepest] } as z.ZodError)[0];
    }
    return issueAt(origin, issue.path, issue.message);
  });
}

const SCHEMAS = {
  'openslo/v1': {
    SLO: { kind: 'SLO', schema: sloDocumentSchema },
    SLI: { kind: 'SLI', schema: sliDocumentSchema },
    AlertPolicy: { kind: 'AlertPolicy', schema: alertPolicyDocumentSchema },
    AlertCondition: { kind: 'AlertCondition', schema: alertConditionDocumentSchema },
    Service: { kind: 'passive', schema: passiveDocumentSchema },
    DataSource: { kind: 'passive', schema: passiveDocumentSchema },
    AlertNotificationTarget: { kind: 'passive', schema: passiveDocumentSchema },
  },
  'vigil/v1': { SLO: { kind: 'NativeSLO', schema: nativeSloDocumentSchema } },
} as const satisfies Record<string, Record<string, { kind: string; schema: z.ZodTypeAny }>>;

/** Parses and validates every document of every file. Bad documents yield issues and are left out. */
export function readDocuments(files: readonly SourceFile[]): {
  documents: ParsedDocument[];
  issues: SloConfigIssue[];
} {
  const documents: ParsedDocument[] = [];
  const issues: SloConfigIssue[] = [];
  for (const { file, text } of files) {
    const lineCounter = new LineCounter();
    const yamlDocuments = parseAllDocuments(text, { lineCounter, uniqueKeys: true });
    if (!Array.isArray(yamlDocuments)) continue; // an empty stream
    yamlDocuments.forEach((yamlDocument, index) => {
      const document = index + 1;
      const lineOf = lineFinder(yamlDocument, lineCounter);
      const bare: DocumentOrigin = { file, document, kind: '', lineOf };
      if (yamlDocument.errors.length > 0) {
        for (const error of yamlDocument.errors) {
          const line = lineCounter.linePos(error.pos[0]).line;
          issues.push({
            file,
            document,
            path: '',
            line,
            message: `bad YAML: ${error.message.split('\n')[0]}`,
          });
        }
        return;
      }
      const value: unknown = yamlDocument.toJS({ maxAliasCount: 100 });
      if (value === null || value === undefined) return; // an empty document between `---`
      if (typeof value !== 'object' || Array.isArray(value)) {
        issues.push(
          issueAt(bare, [], 'a document must be a mapping with apiVersion, kind, metadata and spec'),
        );
        return;
      }
      const { apiVersion, kind, metadata } = value as {
        apiVersion?: unknown;
        kind?: unknown;
        metadata?: { name?: unknown };
      };
      const name = typeof metadata?.name === 'string' ? metadata.name : undefined;
      const origin: DocumentOrigin = {
        file,
        document,
        kind: typeof kind === 'string' ? kind : '',
        name,
        lineOf,
      };
      const byKind = SCHEMAS[apiVersion as keyof typeof SCHEMAS] as
        Record<string, { kind: string; schema: z.ZodTypeAny }> | undefined;
      if (!byKind) {
        issues.push(
          issueAt(
            origin,
            ['apiVersion'],
            `unsupported apiVersion ${JSON.stringify(apiVersion)} (expected openslo/v1 or vigil/v1)`,
          ),
        );
        return;
      }
      const entry = typeof kind === 'string' ? byKind[kind] : undefined;
      if (!entry) {
        issues.push(
          issueAt(
            origin,
            ['kind'],
            `unsupported kind ${JSON.stringify(kind)} for ${String(apiVersion)} (expected ${Object.keys(byKind).join(', ')})`,
          ),
        );
        return;
      }
      const parsed = entry.schema.safeParse(value);
      if (!parsed.success) {
        issues.push(...zodIssues(origin, parsed.error));
        return;
      }
      if (entry.kind !== 'passive')
        documents.push({ kind: entry.kind, origin, value: parsed.data } as ParsedDocument);
    });
  }
  return { documents, issues };
}
