import { parseDocument, isMap, isScalar, isSeq, type Node } from 'yaml';

/**
 * Keys whose values Alertmanager marks `Secret`/`SecretURL` and prints as `<secret>` in
 * `/api/v2/status` (and amtool's `config show`): webhook and Slack URLs carry tokens, PagerDuty
 * keys, SMTP and HTTP-client passwords.
 */
const SECRET_KEYS = new Set([
  'api_url',
  'slack_api_url',
  'url',
  'routing_key',
  'service_key',
  'auth_password',
  'auth_secret',
  'smtp_auth_password',
  'smtp_auth_secret',
  'password',
  'bearer_token',
  'credentials',
  'api_key',
  'opsgenie_api_key',
  'victorops_api_key',
  'token',
  'bot_token',
]);

export const SECRET_PLACEHOLDER = '<secret>';

function redactNode(node: Node | null | undefined): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key !== undefined && SECRET_KEYS.has(key) && isScalar(pair.value) && pair.value.value !== null && pair.value.value !== '') {
        pair.value.value = SECRET_PLACEHOLDER;
      } else {
        redactNode(pair.value as Node);
      }
    }
  } else if (isSeq(node)) {
    for (const item of node.items) redactNode(item as Node);
  }
}

/** The config text with every secret replaced by `<secret>`, as Alertmanager shows it. */
export function redactConfigSecrets(text: string): string {
  const document = parseDocument(text);
  redactNode(document.contents as Node);
  return document.toString();
}
