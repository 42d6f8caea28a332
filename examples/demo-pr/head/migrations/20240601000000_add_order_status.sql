ALTER TABLE orders ADD COLUMN status TEXT NOT NULL;
CREATE INDEX orders_status_idx ON orders (status);
