use regex::Regex;

#[derive(Debug, Clone)]
pub struct RoutingRule {
    pub pattern: Regex,
    pub sink: String,
}

impl RoutingRule {
    pub fn matches(&self, key: &str) -> bool {
        self.pattern.is_match(key)
    }
}
