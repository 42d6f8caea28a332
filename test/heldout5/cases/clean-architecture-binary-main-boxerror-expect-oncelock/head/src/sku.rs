use std::sync::OnceLock;

use regex::Regex;

fn pattern() -> &'static Regex {
    static SKU: OnceLock<Regex> = OnceLock::new();
    SKU.get_or_init(|| Regex::new(r"^[A-Z]{3}-\d{4}(-[A-Z0-9]{2})?$").expect("SKU pattern is a valid regex"))
}

pub fn is_valid(sku: &str) -> bool {
    pattern().is_match(sku)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_variant_suffix() {
        assert!(is_valid("ABC-1234"));
        assert!(is_valid("ABC-1234-X9"));
        assert!(!is_valid("abc-1234"));
        assert!(!is_valid("ABC-12345"));
    }
}
