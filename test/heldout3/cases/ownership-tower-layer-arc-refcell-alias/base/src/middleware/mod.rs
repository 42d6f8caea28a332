pub mod request_id;

pub use request_id::RequestIdLayer;
