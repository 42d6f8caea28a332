use uuid::Uuid;

use crate::{error::RepoError, models::PlaylistTrack, repo::playlists::PlaylistRepo};

pub struct PlaylistService<R> {
    repo: R,
}

impl<R: PlaylistRepo> PlaylistService<R> {
    pub fn new(repo: R) -> Self {
        Self { repo }
    }

    pub async fn tracks(&self, playlist_id: Uuid) -> Result<Vec<PlaylistTrack>, RepoError> {
        self.repo.tracks(playlist_id).await
    }

    pub async fn add_track(&self, playlist_id: Uuid, track_id: Uuid) -> Result<(), RepoError> {
        self.repo.append(playlist_id, track_id).await
    }

    /// Applies a drag-and-drop reorder: `order` must contain every track once.
    pub async fn reorder(&self, playlist_id: Uuid, order: Vec<Uuid>) -> Result<(), RepoError> {
        let current = self.repo.tracks(playlist_id).await?;
        if current.len() != order.len()
            || !current.iter().all(|t| order.contains(&t.track_id))
        {
            return Err(RepoError::Conflict("order does not match the playlist"));
        }
        self.repo.reorder(playlist_id, &order).await
    }
}
