CREATE TABLE invoices (
    id          BIGSERIAL PRIMARY KEY,
    customer_id UUID        NOT NULL,
    total_cents BIGINT      NOT NULL,
    issued_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
