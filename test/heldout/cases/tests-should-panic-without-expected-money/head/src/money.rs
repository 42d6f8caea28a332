use std::fmt;
use std::ops::Add;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Currency {
    Eur,
    Usd,
    Gbp,
}

impl Currency {
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "EUR" => Some(Self::Eur),
            "USD" => Some(Self::Usd),
            "GBP" => Some(Self::Gbp),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Add for Money {
    type Output = Money;

    fn add(self, rhs: Money) -> Money {
        assert_eq!(self.currency, rhs.currency, "currency mismatch");
        Money { minor: self.minor.checked_add(rhs.minor).expect("money overflow"), currency: self.currency }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02} {:?}", self.minor / 100, self.minor.rem_euclid(100), self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_same_currency() {
        let a = Money { minor: 1050, currency: Currency::Eur };
        let b = Money { minor: 250, currency: Currency::Eur };
        assert_eq!((a + b).minor, 1300);
    }

    #[test]
    #[should_panic]
    fn adding_different_currencies_panics() {
        let eur = Money { minor: 100, currency: Currency::parse("EUR").unwrap() };
        let usd = Money { minor: 100, currency: Currency::parse("USD").unwrap() };
        let _ = eur + usd;
    }
}
