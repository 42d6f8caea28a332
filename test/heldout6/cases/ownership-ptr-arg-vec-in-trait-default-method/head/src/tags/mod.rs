mod handlers;
mod normalize;

pub use handlers::router;
pub use normalize::TagNormalizer;
