-- Orphaned payments were cleaned up in OPS-2291; enforce the relation from now on.
ALTER TABLE payments
    ADD CONSTRAINT payments_customer_id_fkey
    FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE RESTRICT;
