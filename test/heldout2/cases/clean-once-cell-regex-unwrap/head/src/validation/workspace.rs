use once_cell::sync::Lazy;
use regex::Regex;
use serde::Deserialize;
use validator::{Validate, ValidationError};

/// Lowercase words separated by single hyphens, 3 to 40 chars, not starting or ending with '-'.
static SLUG_RE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[a-z0-9](?:[a-z0-9]|-[a-z0-9]){2,39}$").unwrap());

const RESERVED_SLUGS: &[&str] = &["admin", "api", "app", "www", "status"];

#[derive(Debug, Deserialize, Validate)]
pub struct CreateWorkspace {
    #[validate(length(min = 1, max = 80))]
    pub display_name: String,
    #[validate(custom(function = "validate_slug"))]
    pub slug: String,
}

fn validate_slug(slug: &str) -> Result<(), ValidationError> {
    if !SLUG_RE.is_match(slug) {
        return Err(ValidationError::new("slug"));
    }
    if RESERVED_SLUGS.contains(&slug) {
        return Err(ValidationError::new("slug_reserved"));
    }
    Ok(())
}
