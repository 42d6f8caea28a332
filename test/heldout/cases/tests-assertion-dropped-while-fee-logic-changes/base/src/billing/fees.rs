pub const FEE_CAP_CENTS: i64 = 2_500;

const RATE_BPS: i64 = 290;

/// Platform fee for an order total, in cents.
pub fn platform_fee(total_cents: i64) -> i64 {
    if total_cents <= 0 {
        return 0;
    }
    let fee = total_cents * RATE_BPS / 10_000;
    fee.min(FEE_CAP_CENTS)
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
        assert_eq!(platform_fee(5_000_000), FEE_CAP_CENTS);
    }
}
