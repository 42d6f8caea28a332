use billing::billing::invoice::{prorate, upgrade_invoice};
use billing::billing::Plan;
use chrono::NaiveDate;

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

#[test]
fn upgrade_preview_has_one_line_named_after_the_plan() {
    let inv = upgrade_invoice(7, &plan("team", 3_000), &plan("business", 9_000), (d(2024, 4, 1), d(2024, 5, 1)), d(2024, 4, 16));
    assert_eq!(inv.customer_id, 7);
    assert_eq!(inv.lines.len(), 1);
    assert_eq!(inv.lines[0].description, "Upgrade to business");
    assert_eq!(inv.lines[0].cents, 3_000);
}
