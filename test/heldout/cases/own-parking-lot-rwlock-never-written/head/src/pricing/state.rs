use std::sync::Arc;

use parking_lot::RwLock;
use rust_decimal::Decimal;

use crate::pricing::rules::{PricingRules, Tier};

#[derive(Clone)]
pub struct PricingState {
    rules: Arc<RwLock<PricingRules>>,
    currency: &'static str,
}

impl PricingState {
    pub fn new(rules: PricingRules, currency: &'static str) -> Self {
        Self {
            rules: Arc::new(RwLock::new(rules)),
            currency,
        }
    }

    pub fn unit_price(&self, sku: &str, quantity: u32) -> Option<Decimal> {
        let rules = self.rules.read();
        let rule = rules.for_sku(sku)?;
        let tier = rule
            .tiers
            .iter()
            .rev()
            .find(|t: &&Tier| quantity >= t.min_quantity)?;
        Some(tier.unit_price)
    }

    pub fn quote(&self, sku: &str, quantity: u32) -> Option<Decimal> {
        let unit = self.unit_price(sku, quantity)?;
        let discount = self.rules.read().volume_discount(quantity);
        Some(unit * Decimal::from(quantity) * (Decimal::ONE - discount))
    }

    pub fn currency(&self) -> &'static str {
        self.currency
    }

    pub fn sku_count(&self) -> usize {
        self.rules.read().len()
    }
}
