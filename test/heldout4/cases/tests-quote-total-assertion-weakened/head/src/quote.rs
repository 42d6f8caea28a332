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

/// Tax is now computed per line and rounded half-up per line, as the
/// invoicing system does, so quotes and invoices agree to the cent.
pub fn quote(lines: &[QuoteLine], region: &TaxRegion) -> Quote {
    let mut subtotal_cents = 0_i64;
    let mut tax_cents = 0_i64;
    for line in lines {
        let line_cents = line.unit_cents * i64::from(line.qty);
        let line_tax = (Decimal::from(line_cents) * region.rate())
            .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
            .to_i64()
            .unwrap_or(0);
        subtotal_cents += line_cents;
        tax_cents += line_tax;
    }
    Quote { subtotal_cents, tax_cents, total_cents: subtotal_cents + tax_cents }
}
