mod store;

pub use store::issue_refund;
