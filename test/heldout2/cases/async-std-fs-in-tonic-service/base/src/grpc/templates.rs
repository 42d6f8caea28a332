use std::path::PathBuf;
use std::sync::Arc;

use tonic::{Request, Response, Status};

use crate::proto::template_service_server::TemplateService;
use crate::proto::{RenderRequest, RenderResponse};
use crate::render::Renderer;

pub struct Templates {
    root: PathBuf,
    renderer: Arc<Renderer>,
}

impl Templates {
    pub fn new(root: PathBuf, renderer: Arc<Renderer>) -> Self {
        Self { root, renderer }
    }

    fn resolve(&self, name: &str) -> Result<PathBuf, Status> {
        if name.contains("..") || name.starts_with('/') {
            return Err(Status::invalid_argument("template name must be relative"));
        }
        Ok(self.root.join(name).with_extension("hbs"))
    }
}

#[tonic::async_trait]
impl TemplateService for Templates {
    async fn render(
        &self,
        request: Request<RenderRequest>,
    ) -> Result<Response<RenderResponse>, Status> {
        let req = request.into_inner();
        let path = self.resolve(&req.template)?;
        let source = tokio::fs::read_to_string(&path)
            .await
            .map_err(|_| Status::not_found(format!("no template {}", req.template)))?;
        let body = self
            .renderer
            .render(&source, &req.context_json)
            .map_err(|e| Status::invalid_argument(e.to_string()))?;
        Ok(Response::new(RenderResponse { body }))
    }
}
