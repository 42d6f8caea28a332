use rust_decimal::Decimal;
use rust_decimal_macros::dec;

#[derive(Debug, Clone)]
pub struct LineItem {
    pub sku: String,
    pub unit_price: Decimal,
    pub quantity: u32,
}

#[derive(Debug, Clone)]
pub struct Cart {
    pub items: Vec<LineItem>,
}

#[derive(Debug, Clone, Copy)]
pub enum Coupon {
    Percent(u8),
    Fixed(Decimal),
}

impl Cart {
    pub fn subtotal(&self) -> Decimal {
        self.items
            .iter()
            .map(|i| i.unit_price * Decimal::from(i.quantity))
            .sum()
    }

    /// Total after the coupon; never below zero.
    pub fn total_with(&self, coupon: Coupon) -> Decimal {
        let subtotal = self.subtotal();
        let discounted = match coupon {
            Coupon::Percent(p) => subtotal - subtotal * Decimal::from(p.min(100)) / dec!(100),
            Coupon::Fixed(amount) => subtotal - amount,
        };
        discounted.max(Decimal::ZERO).round_dp(2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cart() -> Cart {
        Cart {
            items: vec![
                LineItem { sku: "A-1".into(), unit_price: dec!(19.99), quantity: 2 },
                LineItem { sku: "B-7".into(), unit_price: dec!(5.00), quantity: 1 },
            ],
        }
    }

    #[test]
    fn subtotal_sums_quantity_times_price() {
        assert_eq!(cart().subtotal(), dec!(44.98));
    }

    #[test]
    fn coupons_reduce_total() {
        let cart = cart();
        let _ = cart.total_with(Coupon::Percent(10));
        let _ = cart.total_with(Coupon::Fixed(dec!(50)));
    }
}
