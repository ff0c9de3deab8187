import { KnowledgeBase, runbookFromMarkdown } from './knowledge-base';
import { incidentDocument } from './incident-record';

const runbook = `---
title: Redis memory pressure
services: [cart, redis]
alerts: RedisMemoryHigh, CartLatencyHigh
log_templates:
  - "OOM command not allowed when used memory > maxmemory"
---
# Redis memory pressure

When redis evicts keys or refuses writes, cart latency climbs. Raise maxmemory or scale the redis node.
`;

describe('KnowledgeBase', () => {
  const kb = new KnowledgeBase();
  kb.upsert(runbookFromMarkdown('runbooks/redis.md', runbook));
  kb.upsert(
    runbookFromMarkdown(
      'runbooks/tls.md',
      '# Certificate expiry\n\nRenew the TLS certificate of the ingress before it expires.',
    ),
  );
  kb.upsert(
    incidentDocument({
      id: 'inc-2026-03-03',
      title: 'Payments timeouts on 3 March',
      openedAtMillis: Date.UTC(2026, 2, 3),
      services: ['payments', 'checkout'],
      alertNames: ['CheckoutLatencyHigh'],
      rootCause: 'payments connection pool exhausted after deploy 1.5.0',
      resolution: 'rolling back payments fixed it',
    }),
  );

  it('reads runbook front matter and falls back to the first heading for the title', () => {
    const doc = runbookFromMarkdown('runbooks/redis.md', runbook);
    const plain = runbookFromMarkdown('runbooks/tls.md', '# Certificate expiry\n\ntext');

    expect(doc).toMatchObject({
      id: 'runbook:runbooks/redis.md',
      kind: 'runbook',
      title: 'Redis memory pressure',
      services: ['cart', 'redis'],
      alertNames: ['RedisMemoryHigh', 'CartLatencyHigh'],
    });
    expect(doc.logTemplates).toHaveLength(1);
    expect(plain.title).toBe('Certificate expiry');
  });

  it('finds documents by text, best match first', () => {
    const hits = kb.search('tls certificate expired');

    expect(hits[0].document.id).toBe('runbook:runbooks/tls.md');
    expect(hits[0].reasons).toEqual(expect.arrayContaining(['term:tls', 'term:certificate']));
    expect(kb.search('payments rollback pool')[0].document.id).toBe('inc-2026-03-03');
    expect(kb.search('kubernetes')).toEqual([]);
  });

  it('retrieves the past incident whose signature resembles a new one', () => {
    const hits = kb.similar({
      services: ['payments', 'web'],
      alertNames: ['CheckoutLatencyHigh'],
      logTemplates: [],
    });

    expect(hits[0].document.id).toBe('inc-2026-03-03');
    expect(hits[0].document.resolution).toBe('rolling back payments fixed it');
    expect(hits[0].reasons).toEqual(['service:payments', 'alert:checkoutlatencyhigh']);
  });

  it('matches log templates that differ in a few words', () => {
    const hits = kb.similar({
      services: [],
      alertNames: [],
      logTemplates: ['OOM command not allowed when used memory > maxmemory <*>'],
    });

    expect(hits.map((h) => h.document.id)).toEqual(['runbook:runbooks/redis.md']);
  });
});
