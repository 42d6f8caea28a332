//! Tag normalisation shared by the article and search endpoints.

const MAX_TAGS: usize = 16;

pub fn normalize_tags(tags: &Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = tags
        .iter()
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out.truncate(MAX_TAGS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_and_dedups() {
        let tags = vec!["Rust".to_string(), "rust ".to_string(), "".to_string()];
        assert_eq!(normalize_tags(&tags), vec!["rust".to_string()]);
    }
}
