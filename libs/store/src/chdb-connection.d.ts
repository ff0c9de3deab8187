// The repo compiles with `moduleResolution: node`, which ignores package.json "exports", so
// TypeScript cannot see chDB's `chdb/connection` subpath that Node resolves at run time. This
// maps the subpath to the declarations chDB ships for it.
declare module 'chdb/connection' {
  export { createChdbConnection, ChdbConnection } from 'chdb/dist/connection/index';
  export type { ChdbConnectionOptions } from 'chdb/dist/connection/index';
}
