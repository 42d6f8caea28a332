/** `npm run docs`: regenerates docs/rules/ and the README's rule table from rule metadata. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedRuleDocs, readmeWithRuleTable } from './rule-docs.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
fs.rmSync(path.join(root, 'docs', 'rules'), { recursive: true, force: true });
for (const [rel, content] of generatedRuleDocs()) {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}
const readmePath = path.join(root, 'README.md');
if (fs.existsSync(readmePath)) fs.writeFileSync(readmePath, readmeWithRuleTable(fs.readFileSync(readmePath, 'utf8')));
console.log(`wrote ${generatedRuleDocs().size} files under docs/rules/ and the README rule table`);
