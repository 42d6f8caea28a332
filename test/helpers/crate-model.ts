/** A crate model built from source files, for tests: each file parsed and its facts extracted. */
import { CrateModel, fileFacts, type FileFacts } from '../../src/model/index.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

export async function factsOf(files: Record<string, string>): Promise<FileFacts[]> {
  await loadRustParser();
  return Object.entries(files).map(([path, source]) => fileFacts(parseRust(source).rootNode, path));
}

export async function crateModelOf(files: Record<string, string>): Promise<CrateModel> {
  return CrateModel.build(await factsOf(files));
}
