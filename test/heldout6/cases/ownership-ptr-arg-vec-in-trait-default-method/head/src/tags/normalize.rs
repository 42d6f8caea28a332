use std::collections::BTreeSet;

/// Clean-up rules for user-supplied tags, shared by articles and collections.
pub trait TagNormalizer {
    fn max_tags(&self) -> usize {
        16
    }

    fn max_tag_len(&self) -> usize {
        32
    }

    fn normalize_tags(&self, raw: &Vec<String>) -> Vec<String> {
        let unique: BTreeSet<String> = raw
            .iter()
            .map(|tag| tag.trim().to_lowercase())
            .filter(|tag| !tag.is_empty() && tag.len() <= self.max_tag_len())
            .collect();
        unique.into_iter().take(self.max_tags()).collect()
    }
}
