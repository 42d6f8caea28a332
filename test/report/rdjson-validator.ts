/**
 * A structural check of reviewdog's rdjson (DiagnosticResult), written from its JSON Schema and proto
 * (github.com/reviewdog/reviewdog, proto/rdf/jsonschema/DiagnosticResult.json and reviewdog.proto at
 * commit 08614ef9c4095bcacfda60090a70da8834e17019): types, the severity enum, positions starting at 1,
 * and what reviewdog itself needs to place a comment (a message and a location path). Returns the
 * problems found, empty when the document is valid.
 */
type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const SEVERITIES = new Set(['UNKNOWN_SEVERITY', 'ERROR', 'WARNING', 'INFO', 0, 1, 2, 3]);

export function validateRdjson(doc: unknown): string[] {
  const p: string[] = [];
  if (!isObj(doc)) return ['result: not an object'];
  if (doc.source !== undefined) source(doc.source, 'source', p);
  if (doc.severity !== undefined && !SEVERITIES.has(doc.severity as string)) p.push('severity: not in the enum');
  if (doc.diagnostics === undefined) return p;
  if (!Array.isArray(doc.diagnostics)) return [...p, 'diagnostics: must be an array'];
  doc.diagnostics.forEach((d: unknown, i) => diagnostic(d, `diagnostics[${i}]`, p));
  return p;
}

function diagnostic(d: unknown, at: string, p: string[]): void {
  if (!isObj(d)) return void p.push(`${at}: not an object`);
  if (typeof d.message !== 'string' || !d.message) p.push(`${at}.message: required string`);
  if (!isObj(d.location) || typeof d.location.path !== 'string' || !d.location.path) p.push(`${at}.location.path: required string`);
  else if (d.location.range !== undefined) range(d.location.range, `${at}.location.range`, p);
  if (d.severity !== undefined && !SEVERITIES.has(d.severity as string)) p.push(`${at}.severity: not in the enum`);
  if (d.source !== undefined) source(d.source, `${at}.source`, p);
  if (d.code !== undefined) {
    if (!isObj(d.code) || typeof d.code.value !== 'string') p.push(`${at}.code.value: required string`);
    else if (d.code.url !== undefined && (typeof d.code.url !== 'string' || !/^https?:\/\//.test(d.code.url))) p.push(`${at}.code.url: must be a URL`);
  }
  if (d.suggestions !== undefined) {
    if (!Array.isArray(d.suggestions)) return void p.push(`${at}.suggestions: must be an array`);
    d.suggestions.forEach((s: unknown, i) => {
      if (!isObj(s)) return p.push(`${at}.suggestions[${i}]: not an object`);
      range(s.range, `${at}.suggestions[${i}].range`, p);
      if (typeof s.text !== 'string') p.push(`${at}.suggestions[${i}].text: required string`);
    });
  }
  if (d.original_output !== undefined && typeof d.original_output !== 'string') p.push(`${at}.original_output: must be a string`);
}

function range(r: unknown, at: string, p: string[]): void {
  if (!isObj(r)) return void p.push(`${at}: not an object`);
  if (!isObj(r.start)) return void p.push(`${at}.start: required`);
  position(r.start, `${at}.start`, p);
  if (r.end !== undefined) {
    position(r.end, `${at}.end`, p);
    if (isObj(r.end) && typeof r.end.line === 'number' && typeof r.start.line === 'number' && r.end.line < r.start.line) p.push(`${at}.end: before start`);
  }
}

function position(pos: unknown, at: string, p: string[]): void {
  if (!isObj(pos)) return void p.push(`${at}: not an object`);
  for (const k of ['line', 'column'] as const) {
    if (pos[k] !== undefined && !(Number.isInteger(pos[k]) && (pos[k] as number) >= 1)) p.push(`${at}.${k}: must be an integer from 1`);
  }
}

function source(s: unknown, at: string, p: string[]): void {
  if (!isObj(s) || typeof s.name !== 'string') p.push(`${at}.name: required string`);
}
