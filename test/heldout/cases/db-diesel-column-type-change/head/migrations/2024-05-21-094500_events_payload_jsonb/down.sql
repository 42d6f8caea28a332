ALTER TABLE events
    ALTER COLUMN payload TYPE TEXT USING payload::text;
