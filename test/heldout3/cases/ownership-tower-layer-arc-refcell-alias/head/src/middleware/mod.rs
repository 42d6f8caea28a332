pub mod rate_limit;
pub mod request_id;

pub use rate_limit::RateLimitLayer;
pub use request_id::RequestIdLayer;
