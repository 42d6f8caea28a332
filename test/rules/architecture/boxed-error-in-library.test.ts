import rule from '../../../src/rules/architecture/boxed-error-in-library.js';
import { testFileRule } from '../../helpers/rule-tester.js';

const lib = ['Cargo.toml', 'src/lib.rs', 'src/pricing.rs'];
const app = ['Cargo.toml', 'src/lib.rs', 'src/main.rs', 'src/pricing.rs'];

testFileRule(rule, {
  valid: [
    { name: 'binary crate (lib.rs + main.rs) using anyhow', path: 'src/pricing.rs', projectPaths: app, code: 'pub fn quote(id: u64) -> anyhow::Result<Quote> { todo_free(id) }\n' },
    { name: 'pub(crate) helper in a library', path: 'src/pricing.rs', projectPaths: lib, code: 'pub(crate) fn load(p: &Path) -> anyhow::Result<Table> { read(p) }\n' },
    { name: 'trait impl dictates the signature', path: 'src/pricing.rs', projectPaths: lib, code: `impl FromStr for Sku {
    type Err = Box<dyn std::error::Error>;
    fn from_str(s: &str) -> Result<Self, Box<dyn std::error::Error>> { parse(s) }
}
` },
    { name: 'thiserror enum in a library', path: 'src/pricing.rs', projectPaths: lib, code: 'pub fn quote(id: u64) -> Result<Quote, PricingError> { find(id) }\n' },
    { name: 'a bin target of a workspace crate', path: 'crates/tools/src/bin/seed.rs', projectPaths: ['crates/tools/Cargo.toml', 'crates/tools/src/lib.rs', 'crates/tools/src/bin/seed.rs'], code: 'pub fn run() -> anyhow::Result<()> { Ok(()) }\n' },
    { name: 'private fn in a library', path: 'src/pricing.rs', projectPaths: lib, code: 'fn load() -> Result<(), Box<dyn std::error::Error + Send + Sync>> { Ok(()) }\n' },
  ],
  invalid: [
    { name: 'anyhow::Result in src/lib.rs', path: 'src/lib.rs', code: 'pub fn parse(s: &str) -> anyhow::Result<Sku> { p(s) }\n', lines: [1], messageIncludes: '`pub fn parse`' },
    { name: 'imported anyhow::Result in a library module', path: 'crates/domain/src/pricing.rs', projectPaths: ['Cargo.toml', 'crates/domain/Cargo.toml', 'crates/domain/src/lib.rs', 'crates/domain/src/pricing.rs'], code: `use anyhow::Result;

pub async fn quote(id: u64) -> Result<Quote> {
    find(id).await
}
`, lines: [3], messageIncludes: '`domain`' },
    { name: 'Box<dyn Error + Send + Sync> in a pub method', path: 'src/pricing.rs', projectPaths: lib, code: `pub struct Client;
impl Client {
    pub fn fetch(&self) -> Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>> { get() }
}
`, lines: [3], messageIncludes: 'Box<dyn Error>' },
    { name: 'Result<_, anyhow::Error>', path: 'src/lib.rs', code: 'pub fn load() -> Result<Config, anyhow::Error> { read() }\n', lines: [1], messageIncludes: 'anyhow::Error' },
  ],
});
