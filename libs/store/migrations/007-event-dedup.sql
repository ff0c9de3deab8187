-- Derived events are inserted with deduplication tokens too (EventsRepository), and a
-- non-replicated MergeTree only honours a token when it keeps a deduplication window.
-- Forecast MASE is NULL when unknown (JSON cannot carry the NaN the proto uses for it).
-- ALTER … MODIFY SETTING/COLUMN to the same value is a no-op, so this is safe to re-run.

ALTER TABLE anomalies MODIFY SETTING non_replicated_deduplication_window = 1000;
ALTER TABLE forecasts MODIFY SETTING non_replicated_deduplication_window = 1000;
ALTER TABLE alerts MODIFY SETTING non_replicated_deduplication_window = 1000;
ALTER TABLE incidents MODIFY SETTING non_replicated_deduplication_window = 1000;
ALTER TABLE insights MODIFY SETTING non_replicated_deduplication_window = 1000;
ALTER TABLE feedback MODIFY SETTING non_replicated_deduplication_window = 1000;
ALTER TABLE forecasts MODIFY COLUMN mase Nullable(Float64);
