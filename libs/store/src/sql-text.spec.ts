import { bindingProblems, placeholderNames } from './params';
import { hasMultipleStatements, quoteString, settingsClause } from './sql-text';

describe('bound parameters', () => {
  it('finds each {name:Type} placeholder once', () => {
    expect(placeholderNames('SELECT {a:String}, {b:Array(UInt64)} WHERE x = {a:String}')).toEqual(['a', 'b']);
  });

  it('names a missing value and an unused value', () => {
    expect(bindingProblems('SELECT {a:String}', { b: 1 })).toEqual([
      'placeholder {a:…} has no value',
      'parameter "b" is not used by any {b:Type} placeholder',
    ]);
  });
});

describe('statement text', () => {
  it('sees a second statement, but not a trailing semicolon or one inside quotes or comments', () => {
    expect(hasMultipleStatements('SELECT 1; DROP TABLE x')).toBe(true);
    expect(hasMultipleStatements('SELECT 1;  \n -- done\n')).toBe(false);
    expect(hasMultipleStatements("SELECT 'a; DROP TABLE x'")).toBe(false);
    expect(hasMultipleStatements("SELECT 'it''s; x' AS s")).toBe(false);
    expect(hasMultipleStatements('SELECT 1 /* ; DROP */')).toBe(false);
    expect(hasMultipleStatements('SELECT `odd;name` FROM t')).toBe(false);
  });

  it('renders settings as a clause, escaping strings and refusing odd names', () => {
    expect(settingsClause({ async_insert: 0, insert_deduplication_token: "metrics/3/10-19 o'k", readonly: true, skip: undefined })).toBe(
      "SETTINGS async_insert = 0, insert_deduplication_token = 'metrics/3/10-19 o\\'k', readonly = 1",
    );
    expect(settingsClause({})).toBe('');
    expect(() => settingsClause({ 'x = 1; DROP': 1 })).toThrow(RangeError);
    expect(quoteString('a\\b')).toBe("'a\\\\b'");
  });
});
