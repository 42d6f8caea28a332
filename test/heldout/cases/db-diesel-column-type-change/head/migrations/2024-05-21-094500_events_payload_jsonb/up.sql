ALTER TABLE events
    ALTER COLUMN payload TYPE JSONB USING payload::jsonb;
