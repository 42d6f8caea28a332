use std::sync::Arc;

use rust_decimal::Decimal;

use crate::pricing::rules::{PricingRules, Tier};

#[derive(Clone)]
pub struct PricingState {
    rules: Arc<PricingRules>,
    currency: &'static str,
}

impl PricingState {
    pub fn new(rules: PricingRules, currency: &'static str) -> Self {
        Self {
            rules: Arc::new(rules),
            currency,
        }
    }

    pub fn unit_price(&self, sku: &str, quantity: u32) -> Option<Decimal> {
        let rule = self.rules.for_sku(sku)?;
        let tier = rule
            .tiers
            .iter()
            .rev()
            .find(|t: &&Tier| quantity >= t.min_quantity)?;
        Some(tier.unit_price)
    }

    pub fn quote(&self, sku: &str, quantity: u32) -> Option<Decimal> {
        let unit = self.unit_price(sku, quantity)?;
        let discount = self.rules.volume_discount(quantity);
        Some(unit * Decimal::from(quantity) * (Decimal::ONE - discount))
    }

    pub fn currency(&self) -> &'static str {
        self.currency
    }
}
