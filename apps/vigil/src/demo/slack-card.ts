import { AlertStatus, IncidentStatus, Severity, type Alert, type Incident } from '@vigil/contracts';

/**
 * An incident notification laid out as Vigil's Slack message shows it (header, severity and
 * services, suspected cause, member alerts, link), drawn for a terminal: a coloured bar in
 * place of Slack's attachment colour, bold in place of mrkdwn `*bold*`.
 */
export interface CardStyle {
  /** ANSI colours and bold (a TTY); plain text otherwise. */
  readonly color: boolean;
  /** Base URL of dashboard-api for the "View incident" link. */
  readonly dashboardUrl: string;
  /** Most alerts listed before "… and N more". */
  readonly maxAlerts?: number;
}

const ANSI = { red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', bold: '\x1b[1m', dim: '\x1b[2m', reset: '\x1b[0m' };
const SEVERITY_NAMES: Record<number, string> = {
  [Severity.UNSPECIFIED]: 'low',
  [Severity.LOW]: 'low',
  [Severity.MEDIUM]: 'medium',
  [Severity.HIGH]: 'high',
  [Severity.CRITICAL]: 'critical',
};

const labelOf = (alert: Alert, name: string) => alert.labels.find((l) => l.name === name)?.value;
const annotationOf = (alert: Alert, name: string) => alert.annotations.find((l) => l.name === name)?.value;

export function renderIncidentCard(incident: Incident, alerts: ReadonlyMap<string, Alert>, style: CardStyle): string {
  const paint = (code: keyof typeof ANSI, text: string) => (style.color ? `${ANSI[code]}${text}${ANSI.reset}` : text);
  const resolved = incident.status === IncidentStatus.RESOLVED;
  const opened = incident.status === IncidentStatus.OPEN;
  const state = resolved ? 'RESOLVED' : opened ? 'FIRING' : 'UPDATED';
  const bar = paint(resolved ? 'green' : incident.severity >= Severity.HIGH ? 'red' : 'yellow', '▌');
  const lines: string[] = [];
  lines.push(paint('bold', `[${state}] ${incident.title || 'Incident'}`));
  const severity = SEVERITY_NAMES[incident.severity] ?? 'low';
  lines.push(`Severity: ${paint('bold', severity)}   Services: ${incident.services.join(', ') || '—'}`);
  const hint = incident.rootCauseHint;
  if (hint && hint.service) lines.push(`Suspected cause: ${paint('bold', hint.service)} (${Math.round(hint.confidence * 100)} %) — ${hint.reason}`);
  const members = incident.memberAlertFingerprints.map((fp) => alerts.get(fp)).filter((a): a is Alert => a !== undefined);
  const shown = members.slice(0, style.maxAlerts ?? 5);
  lines.push(`Alerts (${incident.firingAlertFingerprints.length} firing of ${incident.memberAlertFingerprints.length}):`);
  for (const alert of shown) {
    const mark = alert.status === AlertStatus.FIRING ? paint('red', '●') : paint('green', '○');
    const where = labelOf(alert, 'service') ?? labelOf(alert, 'service_name') ?? labelOf(alert, 'service.name');
    const summary = annotationOf(alert, 'summary') ?? annotationOf(alert, 'description') ?? '';
    lines.push(`  ${mark} ${labelOf(alert, 'alertname') ?? alert.fingerprint}${where ? ` · ${where}` : ''}${summary ? ` — ${truncate(summary, 100)}` : ''}`);
  }
  if (members.length > shown.length) lines.push(`  … and ${members.length - shown.length} more`);
  const at = resolved ? incident.resolvedAtUnixMs : incident.openedAtUnixMs;
  const when = new Date(at).toISOString().replace('T', ' ').slice(0, 19);
  lines.push(paint('dim', `${resolved ? 'Resolved' : 'Opened'} ${when} UTC · View incident: ${style.dashboardUrl}/api/v1/incidents/${incident.id}`));
  return lines.map((line) => `${bar} ${line}`).join('\n');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
