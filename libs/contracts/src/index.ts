/** Protobuf payloads of every topic, topic names, encode/decode helpers — not built yet. */
export {};
