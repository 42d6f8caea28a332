/** The only thing that crosses from analysis to reporting. Plain data. */
export const ROLES = ['architecture', 'ownership', 'async', 'database', 'tests'] as const;
export type Role = (typeof ROLES)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Finding {
  ruleId: string;
  role: Role;
  severity: Severity;
  /** Repo-relative, forward slashes. */
  path: string;
  /** 1-based, head version. */
  line: number;
  endLine?: number;
  /** 1-based column of the start, for terminal carets and SARIF. */
  column?: number;
  endColumn?: number;
  /** One line, specific. */
  message: string;
  help?: string;
  /** Replacement text for lines line..endLine, when machine-applicable. */
  suggestion?: string;
  /**
   * The suggestion holds a placeholder the user must fill in (`expected = ".."`): shown, and offered
   * as an editable suggestion, but `--fix` and SARIF `fixes` leave it out.
   */
  suggestionNeedsEdit?: boolean;
  source: 'rule' | 'llm';
  confidence?: number;
  /** Normalised code the finding sits on; feeds the fingerprint so a line shift does not repost it. */
  snippet?: string;
  /**
   * Where the finding's code runs inside its fn and what it calls (model/executor.ts `scopeSignature`):
   * the only-new matching tells two findings with the same message in one fn apart by it.
   */
  scope?: string;
  /** Other lines it may be posted on when `line` is not part of the change (see `Report.also`). */
  alsoLines?: number[];
  /**
   * What the defect comes from, when several findings of one rule share it (the same test fn, the same
   * constructed client, one sweep over many files): the report comments once for all of them
   * (src/report/same-cause.ts). Opaque; only equality within one rule counts.
   */
  rootCause?: string;
  /**
   * The clippy lints whose allow silences this finding, when its shape's differ from its rule's
   * (`MessageSpec.clippyLints`); absent, the rule's. Internal: the JSON output leaves it out.
   */
  mirrors?: readonly string[];
}

/** The code a finding sits on, as its fingerprint sees it. */
export function normaliseSnippet(code: string): string {
  return code.replace(/\s+/g, ' ').trim().slice(0, 200);
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function atLeast(severity: Severity, threshold: Severity | 'never'): boolean {
  return threshold !== 'never' && SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.path.localeCompare(b.path) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || a.ruleId.localeCompare(b.ruleId);
}
