use tonic::{Request, Response, Status};

use crate::pb::invoices_server::Invoices;
use crate::pb::{GetInvoiceRequest, Invoice, ListInvoicesRequest, ListInvoicesResponse};
use crate::repo::{InvoiceRepo, RepoError};

const MAX_PAGE: u32 = 200;

pub struct InvoiceService {
    repo: InvoiceRepo,
}

impl InvoiceService {
    pub fn new(repo: InvoiceRepo) -> Self {
        Self { repo }
    }
}

fn db_status(context: &str, e: RepoError) -> Status {
    Status::internal(format!("{context}: {e}"))
}

#[tonic::async_trait]
impl Invoices for InvoiceService {
    async fn get_invoice(&self, request: Request<GetInvoiceRequest>) -> Result<Response<Invoice>, Status> {
        let id = request.into_inner().id;
        let row = self
            .repo
            .find(id)
            .await
            .map_err(|e| db_status("loading invoice", e))?
            .ok_or_else(|| Status::not_found("invoice not found"))?;
        Ok(Response::new(row.into()))
    }

    async fn list_invoices(
        &self,
        request: Request<ListInvoicesRequest>,
    ) -> Result<Response<ListInvoicesResponse>, Status> {
        let req = request.into_inner();
        let page_size = req.page_size.clamp(1, MAX_PAGE);
        let rows = self
            .repo
            .list_for_customer(&req.customer_id, req.after_id, page_size)
            .await
            .map_err(|e| db_status("listing invoices", e))?;
        Ok(Response::new(ListInvoicesResponse {
            next_after_id: rows.last().map(|r| r.id),
            invoices: rows.into_iter().map(Into::into).collect(),
        }))
    }
}
