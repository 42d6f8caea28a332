use std::collections::HashMap;
use std::sync::Arc;

use tonic::{Request, Response, Status};
use tracing::instrument;

use crate::proto::compliance_server::Compliance;
use crate::proto::{TenantReport, RunReportRequest, RunReportResponse};
use crate::rules::{evaluate, Rule, RuleSet};
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
        let tenants = if req.tenant_ids.is_empty() {
            self.tenants.all_active().await
        } else {
            self.tenants.get_many(&req.tenant_ids).await
        }
        .map_err(|e| Status::internal(format!("tenant lookup failed: {e}")))?;

        let overrides: HashMap<String, Rule> = self.rules.overrides_for(&req.jurisdiction);

        let mut reports = Vec::with_capacity(tenants.len());
        for tenant in &tenants {
            let mut rules = overrides.clone();
            rules.retain(|_, rule| rule.applies_to(&tenant.plan));
            let findings = evaluate(&self.rules.with_overrides(&rules), tenant);
            reports.push(TenantReport {
                tenant_id: tenant.id.clone(),
                violations: findings.into_iter().map(Into::into).collect(),
            });
        }
        Ok(Response::new(RunReportResponse { reports }))
    }
}
