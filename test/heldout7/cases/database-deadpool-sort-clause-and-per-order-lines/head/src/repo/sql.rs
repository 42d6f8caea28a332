//! Small SQL fragments shared by the listing endpoints.

pub enum Direction {
    Asc,
    Desc,
}

impl Direction {
    pub fn parse(raw: Option<&str>) -> Self {
        match raw {
            Some("asc") => Direction::Asc,
            _ => Direction::Desc,
        }
    }

    fn keyword(&self) -> &'static str {
        match self {
            Direction::Asc => "ASC",
            Direction::Desc => "DESC",
        }
    }
}

/// `sort` comes straight from the `?sort=` query parameter.
pub fn order_by(sort: &str, dir: &Direction) -> String {
    format!("ORDER BY {} {}", sort, dir.keyword())
}
