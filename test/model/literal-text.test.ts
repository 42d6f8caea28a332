import { describe, expect, it } from 'vitest';
import { literalText } from '../../src/model/literal-text.js';
import { holdsPath } from '../../src/model/path-bindings.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

async function valueOf(expr: string) {
  await loadRustParser();
  return parseRust(`fn f() { let x = ${expr}; }`).rootNode.descendantsOfType('let_declaration')[0]!.childForFieldName('value');
}

describe('literal-text: the literal behind a conversion', () => {
  it('looks through owned and wrapped strings', async () => {
    for (const e of ['"k3y"', '"k3y".to_string()', '"k3y".into()', 'String::from("k3y")', 'SecretString::new("k3y".into())', '&"k3y"']) expect(literalText(await valueOf(e)), e).toBe('k3y');
  });

  it('has no literal for a computed value', async () => {
    for (const e of ['std::env::var("KEY").unwrap()', 'format!("{a}")', 'key.to_string()', 'String::from(key)']) expect(literalText(await valueOf(e)), e).toBeNull();
  });
});

describe('path-bindings: a name that holds a file path', () => {
  it('reads a path type or a path-taking call, not a string of the secret', async () => {
    await loadRustParser();
    const root = parseRust(`
struct Tls { private_key: PathBuf, api_key: String }
fn load(cert_key: &str) { let pem = std::fs::read(&cert_key); }
`).rootNode;
    expect(holdsPath('private_key', root)).toBe(true);
    expect(holdsPath('cert_key', root)).toBe(true);
    expect(holdsPath('api_key', root)).toBe(false);
  });
});
