use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tonic::{Request, Response, Status};

use crate::pb::rates_server::Rates;
use crate::pb::{QuoteReply, QuoteRequest};
use crate::upstream::Upstream;

const TTL: Duration = Duration::from_secs(30);

pub struct RatesService {
    cache: Arc<Mutex<HashMap<String, (f64, Instant)>>>,
    upstream: Arc<Upstream>,
}

impl RatesService {
    fn cached(&self, pair: &str) -> Option<f64> {
        let cache = self.cache.lock().expect("rate cache poisoned");
        cache
            .get(pair)
            .filter(|(_, at)| at.elapsed() < TTL)
            .map(|(rate, _)| *rate)
    }
}

#[tonic::async_trait]
impl Rates for RatesService {
    async fn quote(&self, request: Request<QuoteRequest>) -> Result<Response<QuoteReply>, Status> {
        let req = request.into_inner();
        let pair = format!("{}{}", req.base, req.quote);

        if let Some(rate) = self.cached(&pair) {
            return Ok(Response::new(QuoteReply { rate }));
        }

        // Fetch both legs concurrently; each task owns its own handle to the upstream.
        let up_a = Arc::clone(&self.upstream);
        let up_b = Arc::clone(&self.upstream);
        let base = req.base.clone();
        let quote = req.quote.clone();
        let leg_a = tokio::spawn(async move { up_a.usd_rate(&base).await });
        let leg_b = tokio::spawn(async move { up_b.usd_rate(&quote).await });

        let (a, b) = tokio::try_join!(leg_a, leg_b)
            .map_err(|_| Status::internal("rate lookup aborted"))?;
        let a = a.map_err(|_| Status::unavailable("upstream unavailable"))?;
        let b = b.map_err(|_| Status::unavailable("upstream unavailable"))?;
        let rate = a / b;

        {
            let mut cache = self.cache.lock().expect("rate cache poisoned");
            cache.insert(pair, (rate, Instant::now()));
        }
        self.upstream.record_miss(&req.base, &req.quote).await;

        Ok(Response::new(QuoteReply { rate }))
    }
}
