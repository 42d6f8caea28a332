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

impl Cart {
    pub fn subtotal(&self) -> Decimal {
        self.items
            .iter()
            .map(|i| i.unit_price * Decimal::from(i.quantity))
            .sum()
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
}
