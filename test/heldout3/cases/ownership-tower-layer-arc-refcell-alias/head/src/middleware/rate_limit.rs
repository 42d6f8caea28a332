//! Per-client-IP token bucket in front of the link API.

use std::cell::RefCell;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use futures::future::{self, Either, Ready};
use http::{Request, Response, StatusCode};
use tower::{Layer, Service};

const WINDOW: Duration = Duration::from_secs(60);

type Buckets = Arc<RefCell<HashMap<IpAddr, Bucket>>>;

struct Bucket {
    tokens: u32,
    refilled: Instant,
}

impl Bucket {
    fn full(capacity: u32) -> Self {
        Self { tokens: capacity, refilled: Instant::now() }
    }

    fn try_take(&mut self, capacity: u32) -> bool {
        if self.refilled.elapsed() >= WINDOW {
            self.tokens = capacity;
            self.refilled = Instant::now();
        }
        if self.tokens == 0 {
            return false;
        }
        self.tokens -= 1;
        true
    }
}

#[derive(Clone)]
pub struct RateLimitLayer {
    buckets: Buckets,
    per_minute: u32,
}

impl RateLimitLayer {
    pub fn per_minute(per_minute: u32) -> Self {
        Self {
            buckets: Arc::new(RefCell::new(HashMap::new())),
            per_minute,
        }
    }
}

impl<S> Layer<S> for RateLimitLayer {
    type Service = RateLimit<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RateLimit {
            inner,
            buckets: Arc::clone(&self.buckets),
            per_minute: self.per_minute,
        }
    }
}

#[derive(Clone)]
pub struct RateLimit<S> {
    inner: S,
    buckets: Buckets,
    per_minute: u32,
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for RateLimit<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: Default,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Either<S::Future, Ready<Result<Self::Response, Self::Error>>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<ReqBody>) -> Self::Future {
        let client = req
            .extensions()
            .get::<SocketAddr>()
            .map(|addr| addr.ip());
        let allowed = match client {
            Some(ip) => self
                .buckets
                .borrow_mut()
                .entry(ip)
                .or_insert_with(|| Bucket::full(self.per_minute))
                .try_take(self.per_minute),
            None => true,
        };
        if allowed {
            Either::Left(self.inner.call(req))
        } else {
            let mut res = Response::new(ResBody::default());
            *res.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            Either::Right(future::ready(Ok(res)))
        }
    }
}
