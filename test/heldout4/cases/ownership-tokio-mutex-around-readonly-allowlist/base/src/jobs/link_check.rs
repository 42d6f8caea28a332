use std::collections::HashSet;
use std::time::Duration;

use reqwest::Client;
use tracing::debug;

use crate::jobs::{LinkJob, LinkReport};

const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

/// Probes every webhook target of the nightly link check, one after another.
pub async fn check_all(http: &Client, jobs: Vec<LinkJob>, allowed_hosts: &HashSet<String>) -> Vec<LinkReport> {
    let mut reports = Vec::with_capacity(jobs.len());
    for job in jobs {
        let host = job.url.host_str().unwrap_or_default();
        if !allowed_hosts.contains(host) {
            reports.push(LinkReport::blocked(job.id));
            continue;
        }
        let report = match http.head(job.url.as_str()).timeout(PROBE_TIMEOUT).send().await {
            Ok(resp) => LinkReport::status(job.id, resp.status().as_u16()),
            Err(e) => {
                debug!(job = job.id, error = %e, "probe failed");
                LinkReport::unreachable(job.id)
            }
        };
        reports.push(report);
    }
    reports
}
