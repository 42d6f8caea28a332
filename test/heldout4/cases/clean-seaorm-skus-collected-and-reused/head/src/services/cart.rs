use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::entities::product;
use crate::services::cart_types::{CartError, CartRequest, PricedCart, PricedItem};

const MAX_LINES: usize = 200;

pub struct CartService {
    db: DatabaseConnection,
}

impl CartService {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    pub async fn price(&self, req: &CartRequest) -> Result<PricedCart, CartError> {
        if req.lines.is_empty() || req.lines.len() > MAX_LINES {
            return Err(CartError::LineCount(req.lines.len()));
        }

        let skus: Vec<&str> = req.lines.iter().map(|l| l.sku.as_str()).collect();
        let products = product::Entity::find()
            .filter(product::Column::Sku.is_in(skus.iter().copied()))
            .filter(product::Column::Active.eq(true))
            .all(&self.db)
            .await?;

        let known: HashSet<&str> = products.iter().map(|p| p.sku.as_str()).collect();
        if let Some(missing) = skus.iter().find(|sku| !known.contains(**sku)) {
            return Err(CartError::UnknownSku((*missing).to_owned()));
        }

        let unit_cents: HashMap<&str, i64> = products.iter().map(|p| (p.sku.as_str(), p.price_cents)).collect();
        let items: Vec<PricedItem> = req
            .lines
            .iter()
            .map(|l| PricedItem {
                sku: l.sku.clone(),
                qty: l.qty,
                line_cents: unit_cents[l.sku.as_str()] * i64::from(l.qty),
            })
            .collect();
        let total_cents = items.iter().map(|i| i.line_cents).sum();

        Ok(PricedCart { items, total_cents })
    }
}
