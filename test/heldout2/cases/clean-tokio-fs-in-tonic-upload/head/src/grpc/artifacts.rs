use std::path::PathBuf;

use tokio::fs;
use tokio::io::AsyncWriteExt;
use tonic::{Request, Response, Status, Streaming};
use uuid::Uuid;

use crate::proto::artifact_store_server::ArtifactStore;
use crate::proto::{GetArtifactRequest, GetArtifactResponse, PutArtifactChunk, PutArtifactResponse};

const MAX_ARTIFACT_BYTES: u64 = 256 * 1024 * 1024;

pub struct Artifacts {
    root: PathBuf,
}

impl Artifacts {
    pub fn new(root: PathBuf) -> Self {
        Self { root }
    }
}

#[tonic::async_trait]
impl ArtifactStore for Artifacts {
    async fn get_artifact(
        &self,
        request: Request<GetArtifactRequest>,
    ) -> Result<Response<GetArtifactResponse>, Status> {
        let id: Uuid = request
            .into_inner()
            .id
            .parse()
            .map_err(|_| Status::invalid_argument("id must be a UUID"))?;
        let data = fs::read(self.root.join(id.to_string()))
            .await
            .map_err(|_| Status::not_found("no such artifact"))?;
        Ok(Response::new(GetArtifactResponse { data }))
    }

    async fn put_artifact(
        &self,
        request: Request<Streaming<PutArtifactChunk>>,
    ) -> Result<Response<PutArtifactResponse>, Status> {
        let mut chunks = request.into_inner();
        let id = Uuid::new_v4();
        let tmp_path = self.root.join(format!("{id}.partial"));
        let mut file = fs::File::create(&tmp_path)
            .await
            .map_err(|_| Status::internal("cannot create artifact"))?;

        let mut written: u64 = 0;
        while let Some(chunk) = chunks.message().await? {
            written += chunk.data.len() as u64;
            if written > MAX_ARTIFACT_BYTES {
                let _ = fs::remove_file(&tmp_path).await;
                return Err(Status::resource_exhausted("artifact too large"));
            }
            file.write_all(&chunk.data)
                .await
                .map_err(|_| Status::internal("write failed"))?;
        }
        file.sync_all().await.map_err(|_| Status::internal("fsync failed"))?;
        fs::rename(&tmp_path, self.root.join(id.to_string()))
            .await
            .map_err(|_| Status::internal("cannot publish artifact"))?;

        Ok(Response::new(PutArtifactResponse { id: id.to_string(), size: written }))
    }
}
