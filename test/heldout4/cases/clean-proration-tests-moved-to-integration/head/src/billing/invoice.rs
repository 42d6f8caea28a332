use chrono::NaiveDate;

use crate::billing::{Invoice, InvoiceLine, Plan};

/// Cents owed for switching from `old` to `new` on `switch_day` of a cycle
/// running `cycle_start..cycle_end` (end exclusive). Rounds down to the cent.
///
/// Public so the admin tool can preview an upgrade; its tests live in
/// `tests/proration.rs` next to the admin preview tests.
pub fn prorate(old: &Plan, new: &Plan, cycle_start: NaiveDate, cycle_end: NaiveDate, switch_day: NaiveDate) -> i64 {
    let cycle_days = (cycle_end - cycle_start).num_days();
    if cycle_days <= 0 || switch_day >= cycle_end {
        return 0;
    }
    let remaining = (cycle_end - switch_day.max(cycle_start)).num_days();
    let delta = new.monthly_cents - old.monthly_cents;
    delta * remaining / cycle_days
}

pub fn upgrade_invoice(customer_id: i64, old: &Plan, new: &Plan, cycle: (NaiveDate, NaiveDate), today: NaiveDate) -> Invoice {
    let cents = prorate(old, new, cycle.0, cycle.1, today);
    Invoice {
        customer_id,
        lines: vec![InvoiceLine { description: format!("Upgrade to {}", new.name), cents }],
    }
}
