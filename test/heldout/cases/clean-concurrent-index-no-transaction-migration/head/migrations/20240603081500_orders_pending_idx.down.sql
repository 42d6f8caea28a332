-- no-transaction
DROP INDEX CONCURRENTLY IF EXISTS orders_pending_created_at_idx;
