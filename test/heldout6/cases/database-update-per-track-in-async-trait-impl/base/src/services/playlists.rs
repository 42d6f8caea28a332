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
}
