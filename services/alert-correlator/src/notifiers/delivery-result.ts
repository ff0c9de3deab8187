/**
 * How a delivery attempt's outcome maps to Alertmanager's `(retry, err)`: 429, 5xx and network
 * errors are worth retrying; any other 4xx is not (the request itself is wrong). Reasons never
 * carry the URL, a token or a key — only the host, the status and a short body excerpt.
 */
import type { NotifyResult } from '@vigil/correlate';

export const OK: NotifyResult = { ok: true };

export function resultOfStatus(status: number, what: string, body = ''): NotifyResult {
  if (status >= 200 && status < 300) return OK;
  const excerpt = body.replace(/\s+/g, ' ').slice(0, 200);
  const reason = `${what}: HTTP ${status}${excerpt ? ` ${excerpt}` : ''}`;
  return { ok: false, retry: status === 429 || status >= 500, reason };
}

export function resultOfError(error: unknown, what: string): NotifyResult {
  const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
  const name = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError' ? 'timeout' : code ?? (error as Error).name ?? 'error';
  return { ok: false, retry: true, reason: `${what}: ${name}` };
}

/** Host (and port) of a URL for messages and metrics: the path and query may hold a secret. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid-url';
  }
}

/** POSTs JSON with a time limit; the result says whether to retry. */
export async function postJson(url: string, body: unknown, timeoutMillis: number, headers: Record<string, string> = {}): Promise<NotifyResult> {
  const what = `POST ${hostOf(url)}`;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Vigil-Alertmanager/0.25', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMillis),
    });
    const text = await res.text().catch(() => '');
    return resultOfStatus(res.status, what, res.ok ? '' : text);
  } catch (error) {
    return resultOfError(error, what);
  }
}

/** Sends parts in order and stops at the first failure (a later retry sends the whole notification again). */
export async function sendAll<T>(parts: readonly T[], send: (part: T) => Promise<NotifyResult>): Promise<NotifyResult> {
  for (const part of parts) {
    const result = await send(part);
    if (!result.ok) return result;
  }
  return OK;
}
