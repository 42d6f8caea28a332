use rust_decimal::Decimal;

use crate::shipping::carriers::{CarrierClient, CarrierQuote, QuoteRequest};
use crate::shipping::{Parcel, ShippingError};

pub struct QuoteService {
    carriers: Vec<CarrierClient>,
    markup_percent: Decimal,
}

impl QuoteService {
    pub fn new(carriers: Vec<CarrierClient>, markup_percent: Decimal) -> Self {
        Self { carriers, markup_percent }
    }

    pub async fn cheapest(&self, parcel: &Parcel, destination: &str) -> Result<CarrierQuote, ShippingError> {
        let request = QuoteRequest::new(parcel, destination);
        let mut best: Option<CarrierQuote> = None;
        for carrier in &self.carriers {
            let quote = match dbg!(carrier.quote(&request).await) {
                Ok(q) => q,
                Err(e) => {
                    tracing::warn!(carrier = carrier.name(), error = %e, "carrier quote failed");
                    continue;
                }
            };
            if best.as_ref().map_or(true, |b| quote.price < b.price) {
                best = Some(quote);
            }
        }
        let mut quote = best.ok_or(ShippingError::NoCarrierAvailable)?;
        quote.price += quote.price * self.markup_percent / Decimal::from(100);
        Ok(quote)
    }
}
