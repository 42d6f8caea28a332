/**
 * A focused structural check of SARIF 2.1.0 (no schema package is installed and there is no network):
 * the properties the SARIF 2.1.0 schema requires or constrains that GitHub code scanning relies on.
 * Returns the problems found, empty when the log is valid.
 */
type Json = Record<string, unknown>;

const LEVELS = new Set(['none', 'note', 'warning', 'error']);
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPosInt = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;

export function validateSarif(log: unknown): string[] {
  const p: string[] = [];
  if (!isObj(log)) return ['log: not an object'];
  if (log.version !== '2.1.0') p.push('version: must be "2.1.0"');
  if (log.$schema !== undefined && typeof log.$schema !== 'string') p.push('$schema: must be a string');
  if (!Array.isArray(log.runs)) return [...p, 'runs: must be an array'];
  log.runs.forEach((run: unknown, r) => {
    const at = `runs[${r}]`;
    if (!isObj(run)) return p.push(`${at}: not an object`);
    const driver = isObj(run.tool) && isObj(run.tool.driver) ? run.tool.driver : undefined;
    if (!driver) return p.push(`${at}.tool.driver: required`);
    if (typeof driver.name !== 'string' || !driver.name) p.push(`${at}.tool.driver.name: required string`);
    const rules = driver.rules === undefined ? [] : driver.rules;
    if (!Array.isArray(rules)) return p.push(`${at}.tool.driver.rules: must be an array`);
    const ids = new Set<string>();
    rules.forEach((rule: unknown, i) => {
      const ra = `${at}.tool.driver.rules[${i}]`;
      if (!isObj(rule) || typeof rule.id !== 'string' || !rule.id) return p.push(`${ra}.id: required string`);
      if (ids.has(rule.id)) p.push(`${ra}.id: duplicate ${rule.id}`);
      ids.add(rule.id);
      for (const k of ['shortDescription', 'fullDescription', 'help'] as const) {
        if (rule[k] !== undefined && !(isObj(rule[k]) && typeof (rule[k] as Json).text === 'string')) p.push(`${ra}.${k}.text: required string`);
      }
      if (rule.helpUri !== undefined && !/^[a-z]+:/.test(String(rule.helpUri))) p.push(`${ra}.helpUri: must be an absolute URI`);
      const level = isObj(rule.defaultConfiguration) ? rule.defaultConfiguration.level : undefined;
      if (level !== undefined && !LEVELS.has(String(level))) p.push(`${ra}.defaultConfiguration.level: invalid ${String(level)}`);
    });
    if (run.results === undefined) return;
    if (!Array.isArray(run.results)) return p.push(`${at}.results: must be an array`);
    run.results.forEach((res: unknown, i) => {
      const ra = `${at}.results[${i}]`;
      if (!isObj(res)) return p.push(`${ra}: not an object`);
      if (!isObj(res.message) || typeof res.message.text !== 'string' || !res.message.text) p.push(`${ra}.message.text: required string`);
      if (res.level !== undefined && !LEVELS.has(String(res.level))) p.push(`${ra}.level: invalid`);
      if (res.ruleIndex !== undefined) {
        if (!Number.isInteger(res.ruleIndex) || (res.ruleIndex as number) < 0 || (res.ruleIndex as number) >= rules.length) p.push(`${ra}.ruleIndex: out of range`);
        else if ((rules[res.ruleIndex as number] as Json).id !== res.ruleId) p.push(`${ra}.ruleIndex: points at ${String((rules[res.ruleIndex as number] as Json).id)}, not ${String(res.ruleId)}`);
      }
      if (res.ruleId !== undefined && rules.length && !ids.has(String(res.ruleId))) p.push(`${ra}.ruleId: not among the driver's rules`);
      if (!Array.isArray(res.locations) || !res.locations.length) return p.push(`${ra}.locations: GitHub needs at least one`);
      res.locations.forEach((loc: unknown, j) => {
        const la = `${ra}.locations[${j}].physicalLocation`;
        const phys = isObj(loc) && isObj(loc.physicalLocation) ? loc.physicalLocation : undefined;
        if (!phys) return p.push(`${la}: required`);
        const art = isObj(phys.artifactLocation) ? phys.artifactLocation : undefined;
        if (!art || typeof art.uri !== 'string' || !art.uri) p.push(`${la}.artifactLocation.uri: required string`);
        else {
          if (/^[a-z]+:/i.test(art.uri) || art.uri.startsWith('/')) p.push(`${la}.artifactLocation.uri: must be repository-relative`);
          if (/[\s%#?]/.test(art.uri) && !/%[0-9A-F]{2}/.test(art.uri)) p.push(`${la}.artifactLocation.uri: must be a URI reference (escape spaces and reserved characters)`);
          if (art.uriBaseId !== undefined && typeof art.uriBaseId !== 'string') p.push(`${la}.artifactLocation.uriBaseId: must be a string`);
        }
        const region = isObj(phys.region) ? phys.region : undefined;
        if (!region) return p.push(`${la}.region: required`);
        if (!isPosInt(region.startLine)) p.push(`${la}.region.startLine: must be an integer >= 1`);
        for (const k of ['startColumn', 'endLine', 'endColumn'] as const) if (region[k] !== undefined && !isPosInt(region[k])) p.push(`${la}.region.${k}: must be an integer >= 1`);
        if (region.endLine !== undefined && (region.endLine as number) < (region.startLine as number)) p.push(`${la}.region.endLine: before startLine`);
        if (region.endColumn !== undefined && region.startColumn !== undefined && (region.endLine ?? region.startLine) === region.startLine && (region.endColumn as number) < (region.startColumn as number)) p.push(`${la}.region.endColumn: before startColumn`);
      });
      if (res.partialFingerprints !== undefined && !(isObj(res.partialFingerprints) && Object.values(res.partialFingerprints).every((v) => typeof v === 'string'))) p.push(`${ra}.partialFingerprints: string values`);
    });
    if (run.originalUriBaseIds !== undefined) {
      for (const [k, v] of Object.entries(run.originalUriBaseIds as Json)) {
        const uri = isObj(v) ? v.uri : undefined;
        if (uri !== undefined && !String(uri).endsWith('/')) p.push(`${at}.originalUriBaseIds.${k}.uri: must end with /`);
      }
    }
  });
  return p;
}
