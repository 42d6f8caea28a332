use std::path::PathBuf;

use tonic::{Request, Response, Status};
use uuid::Uuid;

use crate::proto::artifact_store_server::ArtifactStore;
use crate::proto::{GetArtifactRequest, GetArtifactResponse};

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
        let data = tokio::fs::read(self.root.join(id.to_string()))
            .await
            .map_err(|_| Status::not_found("no such artifact"))?;
        Ok(Response::new(GetArtifactResponse { data }))
    }
}
