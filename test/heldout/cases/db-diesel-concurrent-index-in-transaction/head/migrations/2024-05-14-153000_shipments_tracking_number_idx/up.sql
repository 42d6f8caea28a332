-- Carrier webhooks look shipments up by tracking number; the table has ~40M rows,
-- so build the index without blocking writes.
CREATE INDEX CONCURRENTLY IF NOT EXISTS shipments_tracking_number_idx
    ON shipments (carrier, tracking_number)
    WHERE tracking_number IS NOT NULL;
