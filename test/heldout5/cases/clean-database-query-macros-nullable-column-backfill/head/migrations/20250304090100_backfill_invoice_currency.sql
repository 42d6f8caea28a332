-- Expand step 2: every invoice issued before multi-currency support was in EUR.
UPDATE invoices SET currency = 'EUR' WHERE currency IS NULL;
