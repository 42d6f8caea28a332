use tonic::{Request, Response, Status};

use crate::pb::invoices_server::Invoices;
use crate::pb::{GetInvoiceRequest, Invoice};
use crate::repo::{InvoiceRepo, RepoError};

pub struct InvoiceService {
    repo: InvoiceRepo,
}

impl InvoiceService {
    pub fn new(repo: InvoiceRepo) -> Self {
        Self { repo }
    }
}

#[tonic::async_trait]
impl Invoices for InvoiceService {
    async fn get_invoice(&self, request: Request<GetInvoiceRequest>) -> Result<Response<Invoice>, Status> {
        let id = request.into_inner().id;
        match self.repo.find(id).await {
            Ok(Some(row)) => Ok(Response::new(row.into())),
            Ok(None) => Err(Status::not_found("invoice not found")),
            Err(e) => {
                tracing::error!(error = %e, invoice_id = id, "loading invoice failed");
                Err(Status::internal("internal error"))
            }
        }
    }
}
