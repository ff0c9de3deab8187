/** Small key-value and lease port: Redis and in-memory with snapshots — not built yet. */
export {};
