use regex::Regex;

#[derive(Debug, Clone)]
pub struct RoutingRule {
    pub pattern: Regex,
    pub tenant: Option<String>,
    pub priority: u8,
    pub sink: String,
}

impl RoutingRule {
    pub fn matches(&self, key: &str) -> bool {
        self.pattern.is_match(key)
    }
}

/// The highest-priority rule for the key; tenant-specific rules win over global ones.
pub fn best_match<'a>(rules: &'a [RoutingRule], key: &str, tenant: Option<&str>) -> Option<&'a RoutingRule> {
    rules
        .iter()
        .filter(|r| r.matches(key))
        .filter(|r| r.tenant.is_none() || r.tenant.as_deref() == tenant)
        .max_by_key(|r| (r.tenant.is_some(), r.priority))
}
