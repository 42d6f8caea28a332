use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

#[derive(Debug, Clone, Deserialize)]
pub struct Tier {
    pub name: String,
    pub min_seats: u32,
    pub unit_price: Decimal,
}

/// Loaded once from `pricing.toml` at start-up and managed by Rocket.
#[derive(Debug, Clone, Deserialize)]
pub struct PricingConfig {
    pub tiers: Vec<Tier>,
    pub regional_multipliers: HashMap<String, Decimal>,
    pub customer_overrides: HashMap<String, Vec<Tier>>,
    pub term_discounts: HashMap<u32, Decimal>,
}

#[derive(Debug, Deserialize)]
pub struct QuoteRequest {
    pub customer: String,
    pub region: String,
    pub seats: u32,
    pub term_months: u32,
}

#[derive(Debug, Serialize)]
pub struct Quote {
    pub tier: String,
    pub term_months: u32,
    pub total: Decimal,
}

impl PricingConfig {
    fn tiers_for(&self, customer: &str) -> &[Tier] {
        self.customer_overrides
            .get(customer)
            .map(Vec::as_slice)
            .unwrap_or(&self.tiers)
    }

    pub fn price(&self, req: &QuoteRequest) -> Result<Quote, ApiError> {
        self.price_for_term(req, req.term_months)
    }

    pub fn price_for_term(&self, req: &QuoteRequest, term_months: u32) -> Result<Quote, ApiError> {
        let tier = self
            .tiers_for(&req.customer)
            .iter()
            .filter(|t| t.min_seats <= req.seats)
            .max_by_key(|t| t.min_seats)
            .ok_or(ApiError::BadRequest("no tier for seat count"))?;
        let multiplier = self
            .regional_multipliers
            .get(&req.region)
            .copied()
            .unwrap_or(Decimal::ONE);
        let discount = self.term_discounts.get(&term_months).copied().unwrap_or(Decimal::ZERO);
        let monthly = tier.unit_price * Decimal::from(req.seats) * multiplier;
        let total = monthly * Decimal::from(term_months) * (Decimal::ONE - discount);
        Ok(Quote { tier: tier.name.clone(), term_months, total })
    }

    /// Prices every term in `terms`; walks all tiers and overrides, so it is slow
    /// for customers with large override tables.
    pub fn simulate_terms(&self, req: &QuoteRequest, terms: &[u32]) -> Result<Vec<Quote>, ApiError> {
        terms.iter().map(|&t| self.price_for_term(req, t)).collect()
    }
}
