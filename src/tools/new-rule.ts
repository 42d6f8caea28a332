/**
 * `npm run new-rule -- <role>/<name>`: writes a new rule, its test and its doc page, and registers
 * the rule in its role's index, so that a rule starts in the shape DESIGN.md asks for (one file whose
 * path is its id, docs whose examples are tests, valid / invalid cases written as Rust).
 *
 * The rule written is a working starting point: it reports calls to `replace_me(..)`, its bad example
 * fires and its good one stays silent, so the suite passes before the real judgement is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROLES = ['architecture', 'async', 'database', 'ownership', 'tests'] as const;
export type RoleName = (typeof ROLES)[number];

/** `async/guard-in-select` -> its parts; a clear error for anything else. */
export function parseRuleId(id: string | undefined): { role: RoleName; name: string } {
  const usage = 'usage: npm run new-rule -- <role>/<name>   (e.g. async/guard-in-select)';
  if (!id) throw new Error(`no rule id given. ${usage}`);
  const m = /^([a-z]+)\/([a-z][a-z0-9]*(?:-[a-z0-9]+)*)$/.exec(id);
  if (!m) throw new Error(`"${id}" is not <role>/<kebab-case-name>. ${usage}`);
  if (!(ROLES as readonly string[]).includes(m[1]!)) throw new Error(`unknown role "${m[1]}" in "${id}": one of ${ROLES.join(', ')}`);
  return { role: m[1] as RoleName, name: m[2]! };
}

const camel = (kebab: string): string => kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function ruleSource(id: string): string {
  return `import { defineRule } from '../define-rule.js';

export default defineRule({
  id: '${id}',
  role: '${id.split('/')[0]}',
  // correctness (error), suspicious / perf (warning), style (info)
  category: 'suspicious',
  // Text every file the rule can report on contains: files without it are skipped.
  requires: /replace_me/,
  docs: {
    summary: 'TODO: one line, what the rule finds.',
    why: 'TODO: what goes wrong in production when this code ships.',
    // The examples are tests: \`bad\` must produce a finding, \`good\` none.
    bad: \`fn handler() {
    replace_me();
}
\`,
    good: \`fn handler() {}
\`,
    anchor: 'TODO: the documentation or lint this rule rests on',
  },
  messages: {
    found: '\`{{call}}\` TODO: what is wrong here, in the words of a reviewer',
  },
  help: 'TODO: what to do instead.',
  create(ctx) {
    // Facts about the code (names, types, where code runs, what a helper in another file does) come
    // from \`ctx.model\`; framework names from src/catalogue/. The rule only judges.
    return {
      call_expression(node) {
        const callee = node.childForFieldName('function');
        if (callee?.text !== 'replace_me' || ctx.isTest(node)) return;
        ctx.report({ node, messageId: 'found', data: { call: callee.text } });
      },
    };
  },
});
`;
}

function testSource(id: string, name: string): string {
  return `import rule from '../../../src/rules/${id}.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    {
      name: 'TODO: valid code a user writes, which must stay silent',
      code: \`fn handler() {
    keep_me();
}
\`,
    },
  ],
  invalid: [
    {
      name: 'TODO: the defect ${name} finds, on the exact line',
      code: \`fn handler() {
    replace_me();
}
\`,
      lines: [2],
      messageId: 'found',
    },
  ],
});
`;
}

/** The role's index with the new rule imported and listed (both kept sorted). */
export function registerInIndex(index: string, name: string): string {
  const ident = camel(name);
  const importLine = `import ${ident} from './${name}.js';`;
  if (index.includes(importLine)) return index;
  const lines = index.split('\n');
  const imports = lines.map((l, i) => ({ l, i })).filter(({ l }) => /^import \w+ from '\.\/[^']+\.js';$/.test(l));
  const after = imports.filter(({ l }) => l > importLine)[0];
  const at = after ? after.i : (imports[imports.length - 1]?.i ?? 0) + 1;
  lines.splice(at, 0, importLine);
  const open = lines.findIndex((l) => /^export const \w+: Rule\[\] = \[$/.test(l));
  const close = lines.findIndex((l, i) => i > open && l === '];');
  if (open < 0 || close < 0) throw new Error('the role index has no `export const <role>Rules: Rule[] = [` ... `];` list to add the rule to');
  const entries = lines.slice(open + 1, close).map((l) => l.trim().replace(/,$/, '')).filter(Boolean);
  entries.push(ident);
  entries.sort((a, b) => a.localeCompare(b));
  lines.splice(open + 1, close - open - 1, ...entries.map((e) => `  ${e},`));
  return lines.join('\n');
}

export interface Scaffolded {
  rule: string;
  test: string;
  index: string;
}

/** Writes the rule and its test under `root` and registers the rule; refuses to overwrite. */
export function scaffoldRule(root: string, id: string): Scaffolded {
  const { role, name } = parseRuleId(id);
  const rule = path.join(root, 'src/rules', role, `${name}.ts`);
  const test = path.join(root, 'test/rules', role, `${name}.test.ts`);
  const index = path.join(root, 'src/rules', role, 'index.ts');
  for (const p of [rule, test]) if (fs.existsSync(p)) throw new Error(`${path.relative(root, p)} already exists: pick another name or edit it`);
  if (!fs.existsSync(index)) throw new Error(`${path.relative(root, index)} not found: run this from the repository root`);
  fs.mkdirSync(path.dirname(test), { recursive: true });
  fs.writeFileSync(rule, ruleSource(`${role}/${name}`));
  fs.writeFileSync(test, testSource(`${role}/${name}`, name));
  fs.writeFileSync(index, registerInIndex(fs.readFileSync(index, 'utf8'), name));
  return { rule, test, index };
}

/** The doc page and the README table, regenerated with the new rule registered (as `npm run docs` does). */
async function writeDocs(root: string): Promise<string[]> {
  const { generatedRuleDocs, readmeWithRuleTable } = await import(pathToFileURL(path.join(root, 'src/tools/rule-docs.ts')).href);
  const written: string[] = [];
  for (const [rel, content] of generatedRuleDocs() as Map<string, string>) {
    const p = path.join(root, rel);
    if (fs.existsSync(p) && fs.readFileSync(p, 'utf8') === content) continue;
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    written.push(rel);
  }
  const readme = path.join(root, 'README.md');
  const text = fs.readFileSync(readme, 'utf8');
  const next = readmeWithRuleTable(text) as string;
  if (next !== text) {
    fs.writeFileSync(readme, next);
    written.push('README.md');
  }
  return written;
}

async function main(): Promise<void> {
  const root = process.cwd();
  const id = process.argv[2];
  try {
    const out = scaffoldRule(root, id ?? '');
    const docs = await writeDocs(root);
    console.log([`wrote ${path.relative(root, out.rule)}`, `wrote ${path.relative(root, out.test)}`, `registered in ${path.relative(root, out.index)}`, ...docs.map((d) => `wrote ${d}`)].join('\n'));
    console.log(`next: write the judgement and its cases, then \`npx vitest run ${path.relative(root, out.test)}\` and \`npm run docs\``);
  } catch (e) {
    console.error(`new-rule: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
