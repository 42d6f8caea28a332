use chrono::NaiveDate;

use crate::billing::{Invoice, InvoiceLine, Plan};

/// Cents owed for switching from `old` to `new` on `switch_day` of a cycle
/// running `cycle_start..cycle_end` (end exclusive). Rounds down to the cent.
fn prorate(old: &Plan, new: &Plan, cycle_start: NaiveDate, cycle_end: NaiveDate, switch_day: NaiveDate) -> i64 {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(name: &str, monthly_cents: i64) -> Plan {
        Plan { name: name.to_owned(), monthly_cents }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn prorates_mid_cycle_upgrade() {
        let cents = prorate(&plan("team", 3_000), &plan("business", 9_000), d(2024, 4, 1), d(2024, 5, 1), d(2024, 4, 16));
        assert_eq!(cents, 3_000);
    }

    #[test]
    fn prorate_rounds_down_to_the_cent() {
        let cents = prorate(&plan("team", 1_000), &plan("business", 2_000), d(2024, 4, 1), d(2024, 5, 1), d(2024, 4, 30));
        assert_eq!(cents, 33);
    }

    #[test]
    fn switch_after_cycle_end_is_free() {
        let cents = prorate(&plan("team", 1_000), &plan("business", 2_000), d(2024, 4, 1), d(2024, 5, 1), d(2024, 5, 3));
        assert_eq!(cents, 0);
    }
}
