import { describe, expect, it } from 'vitest';
import { armVariants, enumVariants, variantStatuses } from '../../src/model/error-responses.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

const source = `
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("not found")]
    NotFound,
    #[error("database: {0}")]
    Database(sqlx::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
    Upstream { url: String },
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Database(_) | Self::Upstream { .. } => StatusCode::from_u16(502).unwrap(),
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}
`;

describe('error-responses: what an error type answers per variant', () => {
  it('reads the status each variant gets, and the fallback arm', async () => {
    await loadRustParser();
    const root = parseRust(source).rootNode;
    const statuses = variantStatuses(root.descendantsOfType('impl_item')[0]!);
    expect([...statuses.byVariant].map(([v, s]) => `${v} ${s.cls} ${s.text}`)).toEqual([
      'NotFound other StatusCode::NOT_FOUND',
      'Database 5xx StatusCode::from_u16(502).unwrap()',
      'Upstream 5xx StatusCode::from_u16(502).unwrap()',
    ]);
    expect(statuses.fallback).toEqual({ cls: '5xx', text: 'StatusCode::INTERNAL_SERVER_ERROR' });
  });

  it('reads which variants carry data and which display a fixed message', async () => {
    await loadRustParser();
    const root = parseRust(source).rootNode;
    expect(Object.fromEntries(enumVariants(root, 'ApiError')!)).toEqual({
      NotFound: { hasData: false, fixedDisplay: true },
      Database: { hasData: true, fixedDisplay: false },
      Other: { hasData: true, fixedDisplay: false },
      Upstream: { hasData: true, fixedDisplay: null },
    });
    expect(enumVariants(root, 'Missing')).toBeNull();
  });

  it('names the variants a match-arm pattern lists, none for a binding', async () => {
    await loadRustParser();
    const arms = parseRust(source).rootNode.descendantsOfType('match_arm');
    expect(arms.map((a) => armVariants(a.childForFieldName('pattern')!))).toEqual([['NotFound'], ['Database', 'Upstream'], []]);
  });
});
