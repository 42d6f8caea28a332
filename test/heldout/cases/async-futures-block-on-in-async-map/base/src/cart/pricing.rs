use rust_decimal::Decimal;

use crate::cart::{Cart, CartLine, PricedCart, PricedLine};
use crate::promotions::{Promotion, PromotionService};
use crate::error::ServiceError;

pub struct CartPricer {
    promotions: PromotionService,
}

impl CartPricer {
    pub fn new(promotions: PromotionService) -> Self {
        Self { promotions }
    }

    pub async fn price(&self, cart: &Cart) -> Result<PricedCart, ServiceError> {
        let customer_tier = self.promotions.customer_tier(cart.customer_id).await?;
        let lines = cart.lines.iter().map(|line| price_line(line, None)).collect::<Vec<_>>();
        let subtotal = lines.iter().map(|l| l.total).sum();
        Ok(PricedCart { lines, subtotal, currency: cart.currency })
    }
}

fn price_line(line: &CartLine, promo: Option<&Promotion>) -> PricedLine {
    let gross = line.unit_price * Decimal::from(line.quantity);
    let discount = promo.map(|p| p.discount_for(gross)).unwrap_or(Decimal::ZERO);
    PricedLine { sku_id: line.sku_id, quantity: line.quantity, total: gross - discount }
}
