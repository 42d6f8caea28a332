/** SARIF 2.1.0, with rule metadata, for code-scanning uploads. Pure. */
import type { Severity } from '../review/finding.js';
import type { ReviewResult } from '../review/result.js';
import { ALL_RULES } from '../rules/registry.js';
import { CATEGORY_SEVERITY } from '../rules/define-rule.js';
import { fingerprints } from '../review/fingerprint.js';
import { ruleDocsUrl } from './labels.js';
import { encodePath } from './summary.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function renderSarif(result: ReviewResult, version = '0.1.0'): string {
  const findings = result.inline;
  const ruleIds = [...new Set([...ALL_RULES.map((r) => r.id), ...findings.map((f) => f.ruleId)])];
  const rules = ruleIds.map((id) => {
    const rule = ALL_RULES.find((r) => r.id === id);
    return {
      id,
      name: id.split('/').pop()!.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase()),
      shortDescription: { text: rule?.docs.summary ?? 'LLM-assisted finding' },
      ...(rule ? { fullDescription: { text: rule.docs.why }, ...withHelpUri(ruleDocsUrl(id)), help: { text: rule.help ?? rule.docs.summary } } : {}),
      defaultConfiguration: { level: LEVEL[rule ? CATEGORY_SEVERITY[rule.category] : 'warning'] },
      properties: { tags: [rule?.role ?? id.split('/')[0]!], ...(rule ? { category: rule.category } : {}) },
    };
  });
  const fps = fingerprints(findings);
  const results = findings.map((f, i) => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIds.indexOf(f.ruleId),
    level: LEVEL[f.severity],
    message: { text: f.help ? `${f.message}\n${f.help}` : f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodePath(f.path), uriBaseId: '%SRCROOT%' },
          region: {
            startLine: f.line,
            ...(f.column ? { startColumn: f.column } : {}),
            ...(f.endLine ? { endLine: f.endLine } : {}),
            ...(f.endColumn ? { endColumn: f.endColumn } : {}),
          },
        },
      },
    ],
    ...(f.suggestion !== undefined && !f.suggestionNeedsEdit ? { fixes: [sarifFix(f)] } : {}),
    partialFingerprints: { 'rustReview/v1': fps[i]! },
    properties: { role: f.role, source: f.source, ...(f.confidence !== undefined ? { confidence: f.confidence } : {}) },
  }));
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'rust-review', version, ...informationUri(), rules } },
          // `%SRCROOT%` is left for the consumer to resolve (the checkout root); defining it as
          // `file:///` would place every file at the filesystem root.
          results,
        },
      ],
    },
    null,
    2,
  );
}

const withHelpUri = (url: string | undefined) => (url ? { helpUri: url } : {});

/** The App's own pages when PUBLIC_URL says where they are; no made-up project home otherwise. */
function informationUri(): { informationUri?: string } {
  const publicUrl = process.env.PUBLIC_URL?.trim();
  return publicUrl ? { informationUri: `${publicUrl.replace(/\/+$/, '')}/docs/rules/` } : {};
}

/** The suggestion as a SARIF fix: the finding's whole lines replaced (a region without columns spans whole lines). */
function sarifFix(f: ReviewResult['inline'][number]) {
  return {
    description: { text: `Replace line${f.endLine && f.endLine !== f.line ? `s ${f.line}-${f.endLine}` : ` ${f.line}`} (rust-review ${f.ruleId})` },
    artifactChanges: [
      {
        artifactLocation: { uri: encodePath(f.path), uriBaseId: '%SRCROOT%' },
        replacements: [{ deletedRegion: { startLine: f.line, endLine: f.endLine ?? f.line }, insertedContent: { text: f.suggestion! } }],
      },
    ],
  };
}
