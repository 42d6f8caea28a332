import type { Node } from '../../rust/parser.js';
import { ancestors, fnName, isPub, splitTopLevel } from '../../rust/syntax.js';
import { isApplicationErrorResult, isApplicationErrorType } from '../../catalogue/packages.js';
import { defineRule } from '../define-rule.js';
import { layoutOf } from '../../model/crate-layout.js';

const compact = (s: string) => s.replace(/\s+/g, '');

/** Is `pub` (not `pub(crate)` / `pub(super)`) and reachable: not in a trait impl or a private module. */
function isPublicApi(fn: Node): boolean {
  const vis = fn.children.find((c) => c.type === 'visibility_modifier');
  if (!vis || compact(vis.text) !== 'pub') return false;
  for (const a of ancestors(fn)) {
    if (a.type === 'impl_item' && a.childForFieldName('trait')) return false; // the trait dictates the signature
    if (a.type === 'mod_item' && !isPub(a)) return false;
    if (a.type === 'function_item') return false; // a nested fn is private to its parent
  }
  return true;
}

export default defineRule({
  id: 'architecture/boxed-error-in-library',
  role: 'architecture',
  category: 'style',
  // Every flagged return type is written `<path>Result` or `Result<_, E>` (the regex in opaqueError).
  requires: /Result/,
  docs: {
    summary: 'A public function of a library crate returns `Box<dyn Error>` or `anyhow::Result`, so callers cannot tell its failures apart.',
    why: 'A library is called by code that has to decide what a failure means: retry, 404, 409, 500. An opaque `anyhow::Error` or `Box<dyn Error>` forces callers to parse messages or downcast by guesswork. A `thiserror` enum names each failure and keeps the source chain. (anyhow is the right tool in binaries and at the top of an application.)',
    bad: `pub fn parse_sku(raw: &str) -> anyhow::Result<Sku> {
    let (family, number) = raw.split_once('-').ok_or_else(|| anyhow::anyhow!("no dash"))?;
    Ok(Sku { family: family.parse()?, number: number.parse()? })
}
`,
    good: `#[derive(Debug, thiserror::Error)]
pub enum SkuError {
    #[error("SKU has no dash")]
    MissingDash,
    #[error("bad SKU number")]
    Number(#[from] std::num::ParseIntError),
}

pub fn parse_sku(raw: &str) -> Result<Sku, SkuError> {
    let (family, number) = raw.split_once('-').ok_or(SkuError::MissingDash)?;
    Ok(Sku { family: family.to_owned(), number: number.parse()? })
}
`,
    path: 'src/lib.rs',
    anchor: 'anyhow README, "Comparison to thiserror"; Rust API Guidelines C-GOOD-ERR',
  },
  messages: {
    boxed: '`pub fn {{fn}}` of library crate `{{crate}}` returns `{{type}}`: callers cannot match on its failures',
  },
  help: 'Return a dedicated error enum (`#[derive(thiserror::Error)]`) with one variant per failure a caller may handle, keeping sources with `#[from]` / `#[source]`.',
  create(ctx) {
    const layout = layoutOf(ctx.project);
    if (!layout.isLibraryFile(ctx.path)) return {};
    const crateDir = layout.manifestDirOf(ctx.path) ?? '';
    const crateName = crateDir.replace(/\/$/, '').split('/').pop() || ctx.path.split('/')[0] || 'this crate';

    /** The opaque error in a return type as written, or null. */
    const opaqueError = (ret: string): string | null => {
      const t = compact(ret);
      const result = /^([\w:]*Result)(<.*>)?$/.exec(t);
      if (!result) return null;
      const [, head, argsText = ''] = result as unknown as [string, string, string?];
      const resolvedHead = ctx.imports.resolve(head);
      if (isApplicationErrorResult(resolvedHead)) return `${head}<..>`;
      const args = argsText.slice(1, -1);
      const err = splitTopLevel(args)[1];
      if (!err) return null;
      if (/^Box<dyn(std::|core::)?(error::)?Error(\+.*)?>$/.test(err) && ctx.imports.resolve('Error') !== 'anyhow::Error') return 'Box<dyn Error>';
      if (isApplicationErrorType(ctx.imports.resolve(err))) return `Result<_, ${err}>`;
      return null;
    };

    return {
      function_item(node) {
        const ret = node.childForFieldName('return_type');
        if (!ret || !isPublicApi(node) || ctx.isTest(node)) return;
        const type = opaqueError(ret.text);
        if (!type) return;
        ctx.report({ node: node.childForFieldName('name')!, messageId: 'boxed', data: { fn: fnName(node), crate: crateName, type } });
      },
    };
  },
});

