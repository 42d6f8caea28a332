-- Carrier integration: remember who ships each parcel and where to track it.
ALTER TABLE shipments
    ADD COLUMN label_purchased_at TIMESTAMPTZ,
    ADD COLUMN carrier_code VARCHAR(16) NOT NULL,
    ADD COLUMN tracking_url TEXT;
