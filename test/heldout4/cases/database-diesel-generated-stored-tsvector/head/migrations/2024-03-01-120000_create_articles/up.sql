CREATE TABLE articles (
    id          BIGSERIAL PRIMARY KEY,
    author_id   BIGINT NOT NULL REFERENCES authors (id),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    published_at TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX articles_author_idx ON articles (author_id);
