/** Consumer timing; defaults are Kafka's own, tests shorten them. */
export interface KafkaConsumerTuning {
  /** Without a heartbeat for this long a member is dropped from its group. Default 30 s. */
  readonly sessionTimeoutMillis?: number;
  /** Heartbeat period (also while a handler runs). Default 3 s. */
  readonly heartbeatIntervalMillis?: number;
  /** How long members have to rejoin during a rebalance. Default 60 s. */
  readonly rebalanceTimeoutMillis?: number;
  /** Broker-side wait for data on a fetch. Default 500 ms. */
  readonly maxWaitMillis?: number;
  /** Partitions whose batches are handled at the same time per member. Default 4. */
  readonly partitionsConsumedConcurrently?: number;
  /** Upper bound of one partition's fetched bytes, hence of one batch. Default 4 MiB. */
  readonly maxBytesPerPartition?: number;
}

/** Options of the Kafka adapter. */
export interface KafkaBusOptions {
  /** Bootstrap brokers, `host:port`. */
  readonly brokers: readonly string[];
  /** Client id seen by the brokers (quotas, logs). Default 'vigil'. */
  readonly clientId?: string;
  /** Partitions of topics this bus creates. Default 12. */
  readonly defaultPartitions?: number;
  /** Replication factor of topics this bus creates; -1 takes the broker's default. */
  readonly replicationFactor?: number;
  /**
   * Producer compression. Default 'snappy' (pure JS, see decision 032); 'gzip' is built into
   * kafkajs; 'none' for already-compressed payloads.
   */
  readonly compression?: 'snappy' | 'gzip' | 'none';
  /**
   * Longest a produce request may stay unsettled (kafkajs's own retries included) before the
   * publish fails and the producer is replaced by a new one. kafkajs can leave a send pending
   * forever after a broker restart; without this bound every later publish would wait behind a
   * dead producer. Default 45 s (kafkajs's retry budget is ~30 s).
   */
  readonly sendTimeoutMillis?: number;
  /** Consumer timing, for every consumer of this bus. */
  readonly consumer?: KafkaConsumerTuning;
  /** Where kafkajs's own warnings and errors go. Default: dropped below ERROR, printed at ERROR. */
  readonly log?: (entry: { level: 'error' | 'warn' | 'info' | 'debug'; namespace: string; message: string }) => void;
}
