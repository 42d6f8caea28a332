/**
 * What an error type's response impl (`impl ResponseError for ApiError`, `impl IntoResponse for
 * ApiError`) answers per variant: the status each variant gets (from `status_code()` or any
 * `match self { Variant => StatusCode::X }` of the impl), whether a variant carries data, and
 * whether its `Display` (thiserror `#[error("..")]`) is a fixed message. Facts about the crate's
 * error types, read from the impl and the enum as written; which status names a server error is the
 * catalogue's (web.ts). Whether a variant's text may reach the client is the rule's judgement.
 */
import { isServerErrorStatus, isStatusLiteral } from '../catalogue/web.js';
import type { Node } from '../rust/parser.js';
import { attributeText, attributesOf, descendants, findDescendants, stringValue } from '../rust/syntax.js';

export type StatusClass = '5xx' | 'other';

export interface VariantStatus {
  cls: StatusClass;
  /** The status as written (`StatusCode::BAD_GATEWAY`). */
  text: string;
}

export interface ResponseStatuses {
  byVariant: Map<string, VariantStatus>;
  /** The `_ =>` arm's status, for variants not listed. */
  fallback?: VariantStatus;
}

const lastSegment = (path: string): string => path.replace(/\s+/g, '').split('::').pop() ?? '';

/** The variants a match-arm pattern names (`A::X(_) | A::Y { .. }` -> X, Y); empty for `_` or a binding. */
export function armVariants(pattern: Node): string[] {
  const out: string[] = [];
  for (const p of [pattern, ...descendants(pattern)]) {
    if (p.type === 'tuple_struct_pattern' || p.type === 'struct_pattern') {
      const t = p.childForFieldName('type');
      if (t) out.push(lastSegment(t.text));
    } else if (p.type === 'scoped_identifier' && p.parent?.type !== 'tuple_struct_pattern' && p.parent?.type !== 'struct_pattern' && p.parent?.type !== 'scoped_identifier') {
      out.push(lastSegment(p.text));
    } else if (p.type === 'identifier' && /^[A-Z]/.test(p.text) && (p.parent?.type === 'match_pattern' || p.parent?.type === 'or_pattern' || p.id === pattern.id)) {
      out.push(p.text);
    }
  }
  return out.filter((v) => /^[A-Z]/.test(v));
}

/** The status a status constant written out names (`StatusCode::BAD_GATEWAY`), spaces removed; null for anything else. */
export function statusOfText(text: string): VariantStatus | null {
  return isStatusLiteral(text) ? { cls: isServerErrorStatus(text) ? '5xx' : 'other', text } : null;
}

/** The status an arm value sets: `StatusCode::X`, or `(StatusCode::X, ..)`. */
function statusOfValue(value: Node | null): VariantStatus | null {
  let v = value;
  if (v?.type === 'tuple_expression') v = v.namedChildren[0] ?? null;
  return statusOfText(v?.text.replace(/\s+/g, '') ?? '');
}

/** Per-variant statuses read from every `match` of the impl whose arms yield a status. */
export function variantStatuses(impl: Node): ResponseStatuses {
  const out: ResponseStatuses = { byVariant: new Map() };
  for (const arm of findDescendants(impl, 'match_arm')) {
    const status = statusOfValue(arm.childForFieldName('value'));
    const pattern = arm.childForFieldName('pattern');
    if (!status || !pattern) continue;
    const variants = armVariants(pattern);
    if (!variants.length) {
      if (/^_$|^[a-z_]\w*$/.test(pattern.text.trim())) out.fallback ??= status;
      continue;
    }
    for (const v of variants) if (!out.byVariant.has(v)) out.byVariant.set(v, status);
  }
  return out;
}

export interface VariantInfo {
  hasData: boolean;
  /** `#[error("fixed text")]`: true; `#[error("{0}")]` / `#[error(transparent)]`: false; no attribute: null. */
  fixedDisplay: boolean | null;
}

/** The variants of `enum name` defined in this file, or null when it is not here. */
export function enumVariants(root: Node, name: string): Map<string, VariantInfo> | null {
  const item = findDescendants(root, 'enum_item').find((e) => e.childForFieldName('name')?.text === name);
  const body = item?.childForFieldName('body');
  if (!body) return null;
  const out = new Map<string, VariantInfo>();
  for (const v of body.namedChildren) {
    if (v.type !== 'enum_variant') continue;
    const vname = v.childForFieldName('name')?.text;
    if (!vname) continue;
    const hasData = !!v.childForFieldName('body');
    let fixedDisplay: boolean | null = null;
    for (const a of attributesOf(v)) {
      const text = attributeText(a).replace(/\s+/g, ' ');
      if (!/^error\s*\(/.test(text)) continue;
      if (/^error\s*\(\s*transparent\s*\)$/.test(text)) { fixedDisplay = false; break; }
      const lit = findDescendants(a, ['string_literal', 'raw_string_literal'])[0];
      const fmt = stringValue(lit);
      if (fmt === null) continue;
      fixedDisplay = !/\{(?!\{)/.test(fmt.replace(/\{\{/g, ''));
      break;
    }
    out.set(vname, { hasData, fixedDisplay });
  }
  return out;
}
