-- Trace by id reads spans in trace order: a projection of spans sorted by (tenant, trace_id,
-- start_time). The table's own sort key (service, name, start_time) serves search and scatters
-- a trace's spans over one granule per (service, operation); the bloom filter then still reads
-- ~8k rows of every wide column (attribute maps, events) per span. In the projection a trace is
-- a few adjacent rows of one granule. It costs a second copy of the spans on disk and at insert
-- (docs/decisions/181). The time range from trace_index still prunes day partitions first.
-- Parts written before this migration get the projection in the background (a mutation).

ALTER TABLE spans ADD PROJECTION IF NOT EXISTS spans_by_trace (SELECT * ORDER BY tenant, trace_id, start_time);

ALTER TABLE spans MATERIALIZE PROJECTION spans_by_trace;
