// snappyjs ships no types; these are the two functions ingest uses (snappy block format).
declare module 'snappyjs' {
  const SnappyJS: {
    uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
    compress(uncompressed: Uint8Array): Uint8Array;
  };
  export default SnappyJS;
}
