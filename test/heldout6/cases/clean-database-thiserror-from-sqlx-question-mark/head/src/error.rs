use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    #[error("customer {0} not found")]
    NotFound(Uuid),
    #[error("email address already registered")]
    DuplicateEmail,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}
