/**
 * Request-body validation against GitHub's own REST description (`@octokit/openapi`), for the
 * operations the App calls. Only the one JSON file is read (the package index loads every file),
 * once per process; the validator covers the keywords these schemas use.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';

type Schema = Record<string, any>;

export const VALIDATED_OPERATIONS = [
  'checks/create',
  'checks/update',
  'pulls/create-review',
  'issues/create-comment',
  'reactions/create-for-issue-comment',
] as const;

interface Operation {
  id: string;
  method: string;
  pattern: RegExp;
  schema: Schema;
}

let operations: Operation[] | undefined;
let components: Schema = {};

function load(): Operation[] {
  if (operations) return operations;
  const require = createRequire(import.meta.url);
  const spec = JSON.parse(fs.readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8'));
  components = spec.components ?? {};
  const wanted = new Set<string>(VALIDATED_OPERATIONS);
  operations = [];
  for (const [path, methods] of Object.entries<Record<string, any>>(spec.paths)) {
    for (const [method, op] of Object.entries<any>(methods)) {
      if (!wanted.has(op?.operationId)) continue;
      const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      operations.push({ id: op.operationId, method: method.toUpperCase(), pattern, schema: op.requestBody.content['application/json'].schema });
    }
  }
  return operations;
}

/** Violations of the request body (empty when valid or when the route is not one we validate). */
export function validateRequestBody(method: string, path: string, body: unknown): { operation?: string; errors: string[] } {
  const op = load().find((o) => o.method === method && o.pattern.test(path));
  if (!op) return { errors: [] };
  const errors: string[] = [];
  check(op.schema, body, 'body', errors);
  return { operation: op.id, errors };
}

function resolve(s: Schema): Schema {
  if (s && typeof s.$ref === 'string') {
    const parts = s.$ref.replace(/^#\/components\//, '').split('/');
    let cur: any = components;
    for (const p of parts) cur = cur?.[p];
    return resolve(cur);
  }
  return s;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function check(schemaIn: Schema, v: unknown, at: string, errors: string[]): void {
  const s = resolve(schemaIn);
  if (!s) return;
  if (v === null && s.nullable) return;
  if (s.anyOf) {
    const ok = (s.anyOf as Schema[]).some((alt) => {
      const e: string[] = [];
      check(alt, v, at, e);
      return !e.length;
    });
    if (!ok) errors.push(`${at} must match one of the allowed shapes`);
  }
  if (s.oneOf) {
    const n = (s.oneOf as Schema[]).filter((alt) => {
      const e: string[] = [];
      check(alt, v, at, e);
      return !e.length;
    }).length;
    if (n !== 1) errors.push(`${at} must match exactly one shape`);
  }
  for (const sub of (s.allOf as Schema[] | undefined) ?? []) check(sub, v, at, errors);
  if (s.type) {
    const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
    const t = typeOf(v);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) {
      errors.push(`${at} must be ${types.join(' or ')}, got ${t}`);
      return;
    }
  }
  if (s.enum && !(s.enum as unknown[]).includes(v)) errors.push(`${at} must be one of ${(s.enum as unknown[]).join(', ')}`);
  if (typeof v === 'string') {
    if (s.maxLength !== undefined && v.length > s.maxLength) errors.push(`${at} must NOT have more than ${s.maxLength} characters`);
    if (s.minLength !== undefined && v.length < s.minLength) errors.push(`${at} must NOT have fewer than ${s.minLength} characters`);
  }
  if (typeof v === 'number') {
    if (s.maximum !== undefined && v > s.maximum) errors.push(`${at} must be <= ${s.maximum}`);
    if (s.minimum !== undefined && v < s.minimum) errors.push(`${at} must be >= ${s.minimum}`);
  }
  if (Array.isArray(v)) {
    if (s.maxItems !== undefined && v.length > s.maxItems) errors.push(`${at} must NOT have more than ${s.maxItems} items`);
    if (s.minItems !== undefined && v.length < s.minItems) errors.push(`${at} must NOT have fewer than ${s.minItems} items`);
    if (s.items) v.forEach((item, i) => check(s.items, item, `${at}.${i}`, errors));
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const obj = v as Record<string, unknown>;
    for (const r of (s.required as string[] | undefined) ?? []) if (!(r in obj)) errors.push(`${at} must have required property '${r}'`);
    const props: Record<string, Schema> = s.properties ?? {};
    for (const [k, val] of Object.entries(obj)) {
      if (props[k]) check(props[k], val, `${at}.${k}`, errors);
      else if (s.additionalProperties === false) errors.push(`${at} must NOT have additional property '${k}'`);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') check(s.additionalProperties, val, `${at}.${k}`, errors);
    }
  }
}
