import { describe, expect, it } from 'vitest';
import { errorBindings, inArmWithoutBindings, messageParameters, selfIsError } from '../../src/model/error-bindings.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

const source = `
async fn load(id: i64) -> Result<User, ApiError> {
    match repo.find(id).await {
        Ok(user) => Ok(user),
        Err(db_failure) => Err(ApiError::Internal),
    }
    .map_err(|reason| log(reason))
}

fn server_error<S: ToString>(message: S, cause: impl std::error::Error) -> Response { todo!() }
fn reply(msg: impl Into<String>, code: u16) -> Response { todo!() }

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Database(inner) => (StatusCode::INTERNAL_SERVER_ERROR, self.to_string()),
            ApiError::NotFound => (StatusCode::NOT_FOUND, self.to_string()),
        }
    }
}
`;

async function fns() {
  await loadRustParser();
  const root = parseRust(source).rootNode;
  return Object.fromEntries(root.descendantsOfType('function_item').map((f) => [f.childForFieldName('name')!.text, f]));
}

describe('error-bindings: which values hold an error', () => {
  it('reads Err(..) patterns, map_err closure parameters and a response impl variant\'s wrapped error', async () => {
    const f = await fns();
    expect([...errorBindings(f.load!)].sort()).toEqual(['db_failure', 'reason']);
    expect([...errorBindings(f.into_response!)]).toEqual(['inner']);
  });

  it('reads parameters holding a caller\'s message, not those bounded by an error trait', async () => {
    const f = await fns();
    expect([...messageParameters(f.server_error!)]).toEqual(['message']);
    expect([...messageParameters(f.reply!)]).toEqual(['msg']);
  });

  it('knows `self` is the error in a response impl, and a fixed message in a unit variant\'s arm', async () => {
    const f = await fns();
    const selves = f.into_response!.descendantsOfType('self').filter((s) => s.parent?.type === 'field_expression');
    expect(selves.map((s) => selfIsError(s))).toEqual([true, true]);
    expect(selves.map((s) => inArmWithoutBindings(s))).toEqual([false, true]);
    expect(selfIsError(f.load!.descendantsOfType('identifier')[0]!)).toBe(false);
  });
});
