-- Sign-up relied on an application-level check; two concurrent sign-ups
-- could still create duplicate accounts. Enforce it in the database.
ALTER TABLE customers
    ADD CONSTRAINT customers_email_key UNIQUE (email);
