/**
 * The App's event loop stays free (issue 20): every file is analysed on a worker thread, whatever its
 * size, so /ping is answered while a huge file is being analysed; a file whose analysis hits the time
 * bound is reported as not reviewed (a flag on the result), never silently passed.
 */
import fs from 'node:fs';
import { deserialize } from 'node:v8';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ALL_RULES } from '../../src/rules/registry.js';
import { emptyProject } from '../../src/rules/engine.js';
import { analysisTasksInFlight, analysisThreadCount, analyzeFiles, closeAnalysisWorkers, factsOnWorkers, serializeModel, useAnalysisWorker } from '../../src/review/analyze-files.js';
import { CrateModel } from '../../src/model/index.js';
import { pullRequestPayload } from '../fakes/github/webhooks.js';
import { startHarness, type Harness } from '../e2e/harness.js';

const worker = path.resolve(import.meta.dirname, '../../dist/review/analysis-worker.js');
const built = fs.existsSync(worker);

/** About `kb` KB of handlers, each with an unwrap: slow to analyse, one finding per fn. */
function hugeFile(kb: number): string {
  const fns: string[] = [];
  for (let i = 0; fns.join('').length < kb * 1024; i++) {
    fns.push(`pub async fn handler_${i}(State(state): State<AppState>, Json(input): Json<Order>) -> Result<Json<Order>, ApiError> {\n    let id = input.id.parse::<u64>().unwrap();\n    let order = state.db.find(id).await?;\n    Ok(Json(order))\n}\n\n`);
  }
  return fns.join('');
}

/** Analysing 600 KB to 1.5 MB takes seconds alone and 20 s at load 25: the default 30 s is too tight. */
const BIG_WORK_MS = 120_000;

beforeAll(() => {
  // The sources run under vitest; the workers run the compiled code (npm test builds first).
  if (built) useAnalysisWorker(pathToFileURL(worker));
});
afterAll(() => closeAnalysisWorkers());

describe.skipIf(!built)('analysis off the event loop', () => {
  it('a file whose analysis runs over the hard limit is reported as not reviewed; its worker is replaced', async () => {
    const rules = new Map(ALL_RULES.map((r) => [r, {}]));
    const small = { path: 'src/small.rs', source: hugeFile(0.1) };
    // Warm the workers: the bound below is for the analysis, not for a worker's start.
    await analyzeFiles([small], rules, emptyProject(), { offThread: true });
    const out = await analyzeFiles([{ path: 'src/huge.rs', source: hugeFile(1500) }], rules, emptyProject(), { offThread: true, hardLimitMs: 50 });
    expect(out.skipped).toEqual([{ path: 'src/huge.rs', reason: expect.stringMatching(/^not reviewed: its analysis ran over the time limit/), limit: 'time' }]);
    expect(out.findings).toEqual([]);
    // The worker that was stopped is replaced: later reviews go on.
    const again = await analyzeFiles([small], rules, emptyProject(), { offThread: true });
    expect(again.skipped).toEqual([]);
    expect(again.findings.length).toBeGreaterThan(0);
  }, BIG_WORK_MS);

  it('hands parsed trees over in shared memory, and the crate model to each job as bytes serialised once', async () => {
    const [parsed] = (await factsOnWorkers([{ path: 'src/a.rs', source: hugeFile(1) }], { offThread: true }))!;
    // Shared: the App's thread sends it on to the rules' and the change passes' workers without a copy.
    expect(parsed!.tree!.nodes.buffer).toBeInstanceOf(SharedArrayBuffer);
    const model = CrateModel.build([parsed!.facts!]);
    expect(serializeModel(model.facts, model.manifests)).toBe(serializeModel(model.facts, model.manifests));
    // The worker sent the facts serialised (for the jobs) and as JSON (for the cache): this thread serialises neither.
    expect(deserialize(serializeModel(model.facts, model.manifests).facts[0]!)).toEqual(parsed!.facts);
    expect(JSON.parse(parsed!.factsJson!)).toEqual(parsed!.facts);
    // The workers build the same model from the bytes: a file rule that reads it still fires.
    const rules = new Map(ALL_RULES.map((r) => [r, {}]));
    const project = emptyProject(['src/a.rs'], model);
    const off = await analyzeFiles([{ path: 'src/a.rs', source: hugeFile(1) }], rules, project, { offThread: true });
    const here = await analyzeFiles([{ path: 'src/a.rs', source: hugeFile(1) }], rules, project, { inProcess: true });
    expect(off.findings).toEqual(here.findings);
    expect(off.findings.length).toBeGreaterThan(0);
  }, BIG_WORK_MS);

  it("with RUST_REVIEW_LOCAL_SHARE=on the command line's own thread takes a share of a large review beside the workers: the same facts and findings", async () => {
    await closeAnalysisWorkers(); // started again below as the CLI starts them
    process.env.RUST_REVIEW_LOCAL_SHARE = 'on';
    onTestFinished(() => {
      delete process.env.RUST_REVIEW_LOCAL_SHARE;
      return closeAnalysisWorkers();
    });
    const files = Array.from({ length: 12 }, (_, i) => ({ path: `src/m${i}.rs`, source: hugeFile(40).replaceAll('handler_', `h${i}_`) }));
    const facts = (await factsOnWorkers(files, {}))!;
    expect(facts.every((f) => f.facts && f.tree)).toBe(true);
    // A worker sends the facts as JSON too (for the cache); this thread's are the objects alone.
    const onWorker = facts.filter((f) => f.factsJson !== undefined).length;
    // Either thread's trees are in shared memory (sent on to the rules' worker without a copy).
    expect(facts.every((f) => f.tree!.nodes.buffer instanceof SharedArrayBuffer)).toBe(true);
    if (analysisThreadCount() >= 2) expect([onWorker > 0, onWorker < files.length]).toEqual([true, true]);
    const here = (await factsOnWorkers(files, { offThread: true }))!;
    expect(facts.map((f) => f.facts)).toEqual(here.map((f) => f.facts));
    const rules = new Map(ALL_RULES.map((r) => [r, {}]));
    const project = emptyProject(files.map((f) => f.path), CrateModel.build(facts.map((f) => f.facts!)));
    const shared = await analyzeFiles(files, rules, project);
    const alone = await analyzeFiles(files, rules, project, { inProcess: true });
    expect(shared.findings.length).toBeGreaterThan(files.length);
    expect(shared).toEqual(alone);
  }, BIG_WORK_MS);

  describe('the App', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
    }, BIG_WORK_MS);
    afterAll(() => h?.stop());

    it('answers /ping while a 600 KB file is being analysed', async () => {
      const repo = h.fake.addRepo('acme', 'huge', { 'src/lib.rs': '' });
      const pull = h.fake.openPull(repo, { changes: { 'src/huge.rs': hugeFile(600) } });
      const events: string[] = [];
      let reviewed = false;
      const review = h.sendAndWait('pull_request', pullRequestPayload(h.fake, repo, pull, 'opened')).then(() => {
        reviewed = true;
        events.push('review done');
      });
      // Ping one after another until the review is done; note whether the analysis was running when each answer came.
      while (!reviewed) {
        const pong = await fetch(`${h.baseUrl}/ping`).then((r) => r.text());
        expect(pong).toBe('PONG');
        events.push(analysisTasksInFlight() > 0 ? 'pong during analysis' : 'pong');
      }
      await review;
      expect(events.filter((e) => e === 'pong during analysis').length).toBeGreaterThanOrEqual(2);
      expect(events).toContain('review done');
      const run = repo.checkRuns[repo.checkRuns.length - 1]!;
      expect(run.status).toBe('completed');
      expect(pull.threads.length + (run.annotations?.length ?? 0)).toBeGreaterThan(0);
    }, BIG_WORK_MS);
  });
});
