use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use tokio::task;
use tracing::{info, warn};

use crate::search::SearchClient;
use crate::state::AppState;

#[derive(Debug, Default)]
struct ReindexProgress {
    indexed: usize,
    failed: usize,
}

pub fn spawn_reindex(state: Arc<AppState>, tenant_id: i64) -> task::JoinHandle<()> {
    task::spawn(run_reindex(state, tenant_id))
}

async fn run_reindex(state: Arc<AppState>, tenant_id: i64) {
    let progress = Rc::new(RefCell::new(ReindexProgress::default()));
    let mut after_id = 0_i64;
    loop {
        let batch = match state.products.page_after(tenant_id, after_id, 500).await {
            Ok(batch) => batch,
            Err(e) => {
                warn!(tenant_id, error = %e, "reindex page failed");
                return;
            }
        };
        let Some(last) = batch.last() else { break };
        after_id = last.id;
        index_batch(&state.search, &batch, &progress).await;
    }
    let progress = progress.borrow();
    info!(tenant_id, indexed = progress.indexed, failed = progress.failed, "reindex finished");
}

async fn index_batch(
    search: &SearchClient,
    batch: &[crate::catalog::Product],
    progress: &Rc<RefCell<ReindexProgress>>,
) {
    for product in batch {
        match search.upsert(product).await {
            Ok(()) => progress.borrow_mut().indexed += 1,
            Err(e) => {
                warn!(product_id = product.id, error = %e, "index failed");
                progress.borrow_mut().failed += 1;
            }
        }
    }
}
