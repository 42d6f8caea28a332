// @generated automatically by Diesel CLI.

diesel::table! {
    articles (id) {
        id -> Int8,
        author_id -> Int8,
        title -> Text,
        body -> Text,
        published_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    authors (id) {
        id -> Int8,
        display_name -> Text,
    }
}

diesel::joinable!(articles -> authors (author_id));

diesel::allow_tables_to_appear_in_same_query!(articles, authors);
