use serde::Deserialize;
use validator::{Validate, ValidationError};

#[derive(Debug, Deserialize, Validate)]
pub struct CreateWorkspace {
    #[validate(length(min = 1, max = 80))]
    pub display_name: String,
    #[validate(custom(function = "validate_slug"))]
    pub slug: String,
}

fn validate_slug(slug: &str) -> Result<(), ValidationError> {
    let ok = (3..=40).contains(&slug.len())
        && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new("slug"))
    }
}
