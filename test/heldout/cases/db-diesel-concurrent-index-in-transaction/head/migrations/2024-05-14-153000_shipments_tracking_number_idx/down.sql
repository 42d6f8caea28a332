DROP INDEX CONCURRENTLY IF EXISTS shipments_tracking_number_idx;
