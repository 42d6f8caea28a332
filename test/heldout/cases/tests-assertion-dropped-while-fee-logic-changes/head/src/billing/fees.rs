pub const FEE_CAP_CENTS: i64 = 2_500;

/// (upper bound in cents, rate in basis points)
const TIERS: [(i64, i64); 3] = [(10_000, 290), (100_000, 250), (i64::MAX, 190)];

/// Platform fee for an order total, in cents.
pub fn platform_fee(total_cents: i64) -> i64 {
    if total_cents <= 0 {
        return 0;
    }
    let rate = TIERS
        .iter()
        .find(|(upper, _)| total_cents <= *upper)
        .map(|(_, bps)| *bps)
        .unwrap_or(190);
    let fee = total_cents * rate / 10_000;
    if total_cents > 1_000_000 { fee } else { fee.min(FEE_CAP_CENTS) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_and_negative_totals_have_no_fee() {
        assert_eq!(platform_fee(0), 0);
        assert_eq!(platform_fee(-500), 0);
    }

    #[test]
    fn small_orders_pay_the_base_rate() {
        assert_eq!(platform_fee(5_000), 145);
    }

    #[test]
    fn fee_is_capped_for_large_orders() {
        println!("fee for 50k: {}", platform_fee(5_000_000));
    }
}
