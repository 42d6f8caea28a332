use std::io::Read;

use chrono::NaiveDate;
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq)]
pub struct StatementLine {
    pub date: NaiveDate,
    pub description: String,
    pub amount: Decimal,
    pub currency: String,
}

#[derive(Debug)]
pub enum ImportError {
    Csv(csv::Error),
    BadDate { line: usize },
    BadAmount { line: usize },
}

impl From<csv::Error> for ImportError {
    fn from(e: csv::Error) -> Self {
        ImportError::Csv(e)
    }
}

/// Parses a bank statement export (`date;description;amount;currency`).
pub fn parse_statement<R: Read>(input: R) -> Result<Vec<StatementLine>, ImportError> {
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').has_headers(true).from_reader(input);
    let mut lines = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record?;
        let line = i + 2;
        let date = NaiveDate::parse_from_str(record.get(0).unwrap_or_default(), "%Y-%m-%d")
            .map_err(|_| ImportError::BadDate { line })?;
        let amount: Decimal = record
            .get(2)
            .unwrap_or_default()
            .replace(',', ".")
            .parse()
            .map_err(|_| ImportError::BadAmount { line })?;
        lines.push(StatementLine {
            date,
            description: record.get(1).unwrap_or_default().trim().to_owned(),
            amount,
            currency: record.get(3).unwrap_or("EUR").to_owned(),
        });
    }
    Ok(lines)
}
