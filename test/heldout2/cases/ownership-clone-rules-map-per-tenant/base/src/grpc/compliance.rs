use std::sync::Arc;

use tonic::{Request, Response, Status};
use tracing::instrument;

use crate::proto::compliance_server::Compliance;
use crate::proto::{TenantReport, RunReportRequest, RunReportResponse};
use crate::rules::{evaluate, RuleSet};
use crate::tenants::TenantStore;

pub struct ComplianceService {
    tenants: Arc<TenantStore>,
    rules: Arc<RuleSet>,
}

impl ComplianceService {
    pub fn new(tenants: Arc<TenantStore>, rules: Arc<RuleSet>) -> Self {
        Self { tenants, rules }
    }
}

#[tonic::async_trait]
impl Compliance for ComplianceService {
    #[instrument(skip(self, request))]
    async fn run_report(
        &self,
        request: Request<RunReportRequest>,
    ) -> Result<Response<RunReportResponse>, Status> {
        let req = request.into_inner();
        let tenant = self
            .tenants
            .get(&req.tenant_id)
            .await
            .map_err(|e| Status::internal(format!("tenant lookup failed: {e}")))?
            .ok_or_else(|| Status::not_found("unknown tenant"))?;

        let findings = evaluate(&self.rules, &tenant);
        let report = TenantReport {
            tenant_id: tenant.id.clone(),
            violations: findings.into_iter().map(Into::into).collect(),
        };
        Ok(Response::new(RunReportResponse { reports: vec![report] }))
    }
}
