use async_trait::async_trait;
use sqlx::PgPool;
use uuid::Uuid;

use crate::{error::RepoError, models::PlaylistTrack};

#[async_trait]
pub trait PlaylistRepo: Send + Sync {
    async fn tracks(&self, playlist_id: Uuid) -> Result<Vec<PlaylistTrack>, RepoError>;
    async fn append(&self, playlist_id: Uuid, track_id: Uuid) -> Result<(), RepoError>;
}

pub struct PgPlaylistRepo {
    pool: PgPool,
}

impl PgPlaylistRepo {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }
}

#[async_trait]
impl PlaylistRepo for PgPlaylistRepo {
    async fn tracks(&self, playlist_id: Uuid) -> Result<Vec<PlaylistTrack>, RepoError> {
        let rows = sqlx::query_as::<_, PlaylistTrack>(
            "SELECT track_id, position FROM playlist_tracks WHERE playlist_id = $1 ORDER BY position",
        )
        .bind(playlist_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows)
    }

    async fn append(&self, playlist_id: Uuid, track_id: Uuid) -> Result<(), RepoError> {
        sqlx::query(
            "INSERT INTO playlist_tracks (playlist_id, track_id, position) \
             SELECT $1, $2, COALESCE(MAX(position) + 1, 0) FROM playlist_tracks WHERE playlist_id = $1",
        )
        .bind(playlist_id)
        .bind(track_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
