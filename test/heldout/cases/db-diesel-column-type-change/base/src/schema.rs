diesel::table! {
    events (id) {
        id -> Int8,
        aggregate_id -> Uuid,
        kind -> Text,
        payload -> Text,
        created_at -> Timestamptz,
    }
}
