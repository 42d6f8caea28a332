use rust_decimal::prelude::*;
use rust_decimal::Decimal;

use crate::tax::TaxRegion;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteLine {
    pub sku: String,
    pub unit_cents: i64,
    pub qty: u32,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Quote {
    pub subtotal_cents: i64,
    pub tax_cents: i64,
    pub total_cents: i64,
}

pub fn quote(lines: &[QuoteLine], region: &TaxRegion) -> Quote {
    let subtotal_cents: i64 = lines.iter().map(|l| l.unit_cents * i64::from(l.qty)).sum();
    let tax = Decimal::from(subtotal_cents) * region.rate();
    let tax_cents = tax
        .round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven)
        .to_i64()
        .unwrap_or(0);
    Quote { subtotal_cents, tax_cents, total_cents: subtotal_cents + tax_cents }
}
