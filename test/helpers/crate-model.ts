/** A crate model built from source files, for tests: each file parsed and its facts extracted. */
import { CrateModel, fileFacts, manifestFact, type FileFacts } from '../../src/model/index.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

export async function factsOf(files: Record<string, string>): Promise<FileFacts[]> {
  await loadRustParser();
  return Object.entries(files).map(([path, source]) => fileFacts(parseRust(source).rootNode, path));
}

/** `manifests`: Cargo.toml texts by path; the Rust files' paths tell which packages have binaries. */
export async function crateModelOf(files: Record<string, string>, manifests: Record<string, string> = {}): Promise<CrateModel> {
  const paths = [...Object.keys(files), ...Object.keys(manifests)];
  return CrateModel.build(await factsOf(files), Object.entries(manifests).map(([path, toml]) => manifestFact(path, toml, paths)));
}
