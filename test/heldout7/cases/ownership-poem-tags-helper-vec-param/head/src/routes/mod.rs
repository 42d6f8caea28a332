pub mod articles;
pub mod health;
