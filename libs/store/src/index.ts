/** ClickHouse schema, migrations and typed queries over a server or chDB — not built yet. */
export {};
