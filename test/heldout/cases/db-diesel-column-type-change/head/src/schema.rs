diesel::table! {
    events (id) {
        id -> Int8,
        aggregate_id -> Uuid,
        kind -> Text,
        payload -> Jsonb,
        created_at -> Timestamptz,
    }
}
