// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::query_builder::QueryId, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "tsvector", schema = "pg_catalog"))]
    pub struct Tsvector;
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::Tsvector;

    articles (id) {
        id -> Int8,
        author_id -> Int8,
        title -> Text,
        body -> Text,
        published_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        search_doc -> Tsvector,
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
