/**
 * What an error type's response impl (`impl ResponseError for ApiError`, `impl IntoResponse for
 * ApiError`) answers per variant: the status each variant gets (from `status_code()` or any
 * `match self { Variant => StatusCode::X }` of the impl), whether a variant carries data, and
 * whether its `Display` (thiserror `#[error("..")]`) is a fixed message.
 */
import { SERVER_ERROR_STATUS_CODES, serverErrorCode } from '../../../catalogue/web.js';
import type { Node } from '../../../rust/parser.js';
import { attributeText, attributesOf, descendants, findDescendants, stringValue } from '../../../rust/syntax.js';

/** 5xx status constants (axum / http / actix share `StatusCode`). */
export const STATUS_5XX = new RegExp(`(^|::)StatusCode::(${Object.keys(SERVER_ERROR_STATUS_CODES).join('|')})$|(^|::)StatusCode::from_u16\\(5\\d\\d\\)(\\.unwrap\\(\\)|\\.expect\\([^)]*\\))?$`);
/** Any status constant written out. */
export const STATUS_LITERAL = /(^|::)StatusCode::([A-Z][A-Z_]+|from_u16\(\d{3}\)(\.unwrap\(\)|\.expect\([^)]*\))?)$/;

/** Variants that name a client mistake (4xx) by convention. */
export const CLIENT_VARIANT =
  /^(NotFound|\w+NotFound|NotFound\w+|BadRequest|Unauthori[sz]ed|Unauthenticated|Forbidden|Conflict|Validation\w*|\w+Validation|Invalid\w*|\w+Invalid|Missing\w*|Duplicate\w*|\w*AlreadyExists|Exists|TooManyRequests|RateLimit\w*|PayloadTooLarge|Unprocessable\w*|Gone|PermissionDenied|\w*Denied|Expired\w*|Malformed\w*|Bad\w+|Unsupported\w*|PreconditionFailed|\w*NotAllowed|Auth|Authentication|Authorization|Client\w*|UserInput|Input)$/;

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

/** The status an arm value sets: `StatusCode::X`, or `(StatusCode::X, ..)`. */
function statusOfValue(value: Node | null): VariantStatus | null {
  let v = value;
  if (v?.type === 'tuple_expression') v = v.namedChildren[0] ?? null;
  const text = v?.text.replace(/\s+/g, '') ?? '';
  if (!STATUS_LITERAL.test(text)) return null;
  return { cls: STATUS_5XX.test(text) ? '5xx' : 'other', text };
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

/** `500` for a 5xx constant, else `5xx`. */
export function statusCode(text: string): string {
  return serverErrorCode(text);
}
