/** Bus port with KafkaBus and MemoryBus, and the Nest transport on top — not built yet. */
export {};
