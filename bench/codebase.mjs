// Builds a realistic Rust backend code base for benchmarks from the project's own realistic samples
// (clean-service fixtures, the demo PR, and the shared corpus when present), renaming the domain
// entities in each copy so no two files are identical.
import fs from 'node:fs';
import path from 'node:path';

const ENTITIES = ['order', 'invoice', 'account', 'project', 'ticket', 'shipment', 'payment', 'session', 'tenant', 'product', 'review', 'booking', 'device', 'report', 'team', 'webhook'];

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

export function templates(root) {
  const dirs = [path.join(root, 'test/fixtures/clean-service'), path.join(root, 'examples'), path.join(root, '..', 'shared', 'corpus', 'cases')];
  return dirs.flatMap(walk).filter((f) => f.endsWith('.rs') && !f.includes(`${path.sep}base${path.sep}`)).map((f) => fs.readFileSync(f, 'utf8'));
}

export function generateCodebase(root, minBytes) {
  const sources = templates(root);
  if (!sources.length) throw new Error('no Rust templates found');
  const files = [];
  let bytes = 0;
  for (let i = 0; bytes < minBytes; i++) {
    const template = sources[i % sources.length];
    const entity = ENTITIES[Math.floor(i / sources.length) % ENTITIES.length];
    const round = Math.floor(i / (sources.length * ENTITIES.length));
    const source = template.replace(/\border/g, entity).replace(/\bOrder/g, entity[0].toUpperCase() + entity.slice(1)).replace(/\buser/g, `${entity}_user${round || ''}`);
    files.push({ path: `crates/svc${round}/src/${entity}/m${i}.rs`, source });
    bytes += Buffer.byteLength(source);
  }
  return files;
}
