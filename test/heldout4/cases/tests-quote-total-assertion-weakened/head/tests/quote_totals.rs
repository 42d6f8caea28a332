use billing::quote::{quote, QuoteLine};
use billing::tax::TaxRegion;

fn line(sku: &str, unit_cents: i64, qty: u32) -> QuoteLine {
    QuoteLine { sku: sku.to_owned(), unit_cents, qty }
}

#[test]
fn empty_quote_is_zero() {
    let q = quote(&[], &TaxRegion::fixed("DE", 19));
    assert_eq!(q.total_cents, 0);
}

#[test]
fn german_vat_on_mixed_basket() {
    let lines = [line("SEAT-M", 1_999, 3), line("ADDON-SSO", 4_950, 1), line("SUPPORT-H", 333, 5)];
    let q = quote(&lines, &TaxRegion::fixed("DE", 19));
    assert_eq!(q.subtotal_cents, 12_612);
    assert!(q.tax_cents > 0);
    assert_eq!(q.total_cents, q.subtotal_cents + q.tax_cents);
}

#[test]
fn zero_rated_region_adds_no_tax() {
    let q = quote(&[line("SEAT-M", 1_999, 10)], &TaxRegion::fixed("XZ", 0));
    assert_eq!(q.tax_cents, 0);
    assert_eq!(q.total_cents, 19_990);
}
