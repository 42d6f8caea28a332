-- Expand step 1: the column is nullable so existing rows and the running release are unaffected.
ALTER TABLE invoices ADD COLUMN currency CHAR(3);
