-- load.History: every load, newest first, for tracing a row to its file.
SELECT load_id, file, sha256, loaded_at, loaded_by, rows, clusters, synthetic
FROM loads
ORDER BY load_id DESC;
