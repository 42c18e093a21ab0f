-- engine.Memory: the bytes DuckDB holds now, in memory and in its
-- temporary files, over all its uses (buffers, tables, hash joins …).
-- Not region data: for the server's metrics.
SELECT coalesce(sum(memory_usage_bytes), 0)::BIGINT, coalesce(sum(temporary_storage_bytes), 0)::BIGINT
FROM duckdb_memory();
