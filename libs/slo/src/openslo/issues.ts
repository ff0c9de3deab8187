/** Validation problems, each naming the file, the document, the field and (when known) the line. */
export interface SloConfigIssue {
  readonly file: string;
  /** 1-based position of the YAML document in its file. */
  readonly document: number;
  /** `SLO`, `SLI`, ... when the document got far enough to say. */
  readonly kind?: string;
  readonly name?: string;
  /** Dotted path to the field, e.g. `spec.objectives[0].target`; empty for the whole document. */
  readonly path: string;
  readonly line?: number;
  readonly message: string;
}

/** `slos/checkout.yaml: document 2 (SLO checkout-availability): spec.objectives[0].target (line 14): must be in (0, 1)` */
export function formatIssue(issue: SloConfigIssue): string {
  const what = issue.kind ? ` (${issue.kind}${issue.name ? ` ${issue.name}` : ''})` : '';
  const where = issue.path ? `: ${issue.path}` : '';
  const line = issue.line ? ` (line ${issue.line})` : '';
  return `${issue.file}: document ${issue.document}${what}${where}${line}: ${issue.message}`;
}

/** Thrown by `loadSloDefinitions` when any document is invalid; carries every issue, not just the first. */
export class SloConfigError extends Error {
  constructor(readonly issues: readonly SloConfigIssue[]) {
    super(`invalid SLO configuration:\n${issues.map((issue) => `  ${formatIssue(issue)}`).join('\n')}`);
    this.name = 'SloConfigError';
  }
}

/** `['spec', 'objectives', 0, 'target']` → `spec.objectives[0].target`. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part),
    '',
  );
}
