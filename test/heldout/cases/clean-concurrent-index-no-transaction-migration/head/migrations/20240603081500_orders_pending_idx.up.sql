-- no-transaction
-- The pending-orders sweeper scans by created_at; build the partial index
-- without blocking writes on the orders table.
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_pending_created_at_idx
    ON orders (created_at)
    WHERE status = 'pending';
