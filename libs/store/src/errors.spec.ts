import { StoreQueryError, StoreUnavailableError, classifyStoreError } from './errors';

describe('classifyStoreError', () => {
  it('treats a refused connection deep in the cause chain as unavailable', () => {
    const socket = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), { code: 'ECONNREFUSED' });
    const wrapped = new Error('request failed', { cause: socket });
    const error = classifyStoreError(wrapped, 'insert into metric_samples');
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^insert into metric_samples: request failed/);
    expect(error.cause).toBe(wrapped);
  });

  it('treats ClickHouse overload codes as unavailable (TOO_MANY_PARTS)', () => {
    const error = classifyStoreError(Object.assign(new Error('Too many parts'), { code: '252', type: 'TOO_MANY_PARTS' }), 'insert');
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.clickhouseCode).toBe(252);
  });

  it('treats a statement ClickHouse refused as a query error with its code', () => {
    const error = classifyStoreError(Object.assign(new Error('Unknown table'), { code: '60', type: 'UNKNOWN_TABLE' }), 'query');
    expect(error).toBeInstanceOf(StoreQueryError);
    expect(error.retryable).toBe(false);
    expect(error.clickhouseCode).toBe(60);
  });

  it('reads the code from an old server message the client could not parse', () => {
    const error = classifyStoreError(new Error('Code: 62, e.displayText() = DB::Exception: Syntax error'), 'query');
    expect(error).toBeInstanceOf(StoreQueryError);
    expect(error.clickhouseCode).toBe(62);
  });

  it('treats a closed chDB session as unavailable', () => {
    const chdb = Object.assign(new Error('connection closed'), { code: 'CHDB_CLOSED' });
    expect(classifyStoreError(chdb, 'query')).toBeInstanceOf(StoreUnavailableError);
  });

  it('returns a StoreError unchanged', () => {
    const original = new StoreQueryError('x', undefined, {});
    expect(classifyStoreError(original, 'query')).toBe(original);
  });
});
