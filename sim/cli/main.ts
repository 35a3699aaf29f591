import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { availableParallelism } from 'node:os';
import { ScenarioError, loadScenario, PRESET_DIR, resolveScenarioPath, scenarioJsonSchema } from '../../scenarios/index.ts';
import { architecturesOption, listOption, portOption, positiveIntOption, protocolOption, seedOption } from './options.ts';
import { ARCHITECTURE_NAMES, type ArchitectureName } from '../interop/architecture.ts';
import { databaseError as databaseErrorOf, databaseUrlOption } from './databaseErrors.ts';
import { UserError } from './userError.ts';
import { progressBar } from './progressBar.ts';
import { runStudy } from './runStudy.ts';
import { outputDir, outputFile } from './outputPaths.ts';
import { RUN_OUTPUT_FILES, StagedFiles } from '../trace/output/index.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** The viewer reports bad directories and ports as RangeErrors: to the user they are one-line errors. */
async function badInputAsUserError<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof RangeError) throw new UserError(e.message);
    throw e;
  }
}

const program = new Command()
  .name('interop-sim')
  .description('Deterministic simulator for end-to-end encrypted messaging interoperability, running real MLS (RFC 9420).')
  .version(pkg.version)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

program
  .command('run')
  .description('run one scenario (a file, or a built-in preset name; default: the built-in default scenario)')
  .argument('[scenario]', 'scenario file (YAML or JSON) or preset name')
  .option('--seed <seed>', 'master seed (overrides the scenario\'s)', seedOption)
  .option('--out <dir>', 'write trace.jsonl and summary.json here')
  .option('--json', 'print the result as JSON (no progress bar)')
  .option('--max-events <n>', 'refuse runs estimated above this many simulator events (default 1e8)', positiveIntOption('--max-events'))
  .option('--protocol <name>', 'E2EE protocol for the whole run: mls or signal (overrides the scenario)', protocolOption)
  .option('--per-pair', 'print the per-provider-pair table even for a uniform world')
  .action(async (ref: string | undefined, opts: { seed?: string; out?: string; json?: boolean; maxEvents?: number; protocol?: 'mls' | 'signal'; perPair?: boolean }) => {
    const scenario = withProtocol(loadScenario(ref), opts.protocol);
    if (opts.out !== undefined) outputDir('--out', opts.out, RUN_OUTPUT_FILES);
    // Loaded on demand: `validate` and `--help` should not pay for the MLS engine's start-up.
    const { runScenario } = await import('../runner/runScenario.ts');
    const { formatRun } = await import('./format.ts');
    // The plan (inside runScenario) reports every problem before anything is built, naming the file.
    const planning = { source: resolveScenarioPath(ref), ...(opts.maxEvents !== undefined && { maxEvents: opts.maxEvents }) };
    const bar = opts.json ? undefined : progressBar(`run ${scenario.name}`);
    try {
      const result = await runScenario(scenario, { ...planning, ...(opts.seed !== undefined && { seed: opts.seed }), ...(opts.out !== undefined && { outDir: opts.out }), ...(bar && { onProgress: bar.update }) });
      bar?.stop();
      console.log(opts.json ? JSON.stringify(result, null, 2) : formatRun(result));
      // Per provider pair: always in --json (result.perPair); printed for a heterogeneous world or on request.
      if (!opts.json && result.perPair !== undefined && (opts.perPair === true || !result.perPair.uniform)) console.log((await import('./formatPerPair.ts')).formatPerPair(result.perPair).join('\n'));
    } finally {
      bar?.stop();
    }
  });

program
  .command('compare')
  .description('run the same workload under each interop architecture and print one table (mean ± 95% CI over seeds)')
  .argument('[scenario]', 'scenario file (YAML or JSON) or preset name')
  .option('--architectures <list>', `comma-separated, from: ${ARCHITECTURE_NAMES.join(', ')} (default: all the protocol can run)`, architecturesOption)
  .option('--seeds <k>', 'replications per architecture (run in parallel on all cores)', positiveIntOption('--seeds'), 1)
  .option('--seed <seed>', 'first seed (default: the scenario\'s)', seedOption)
  .option('--workers <n>', 'worker threads (default: one per core)', positiveIntOption('--workers'))
  .option('--out <dir>', 'write compare.json, compare.csv and each run (trace, summary, topology) under runs/')
  .option('--json', 'print the result as JSON')
  .option('--protocol <name>', 'E2EE protocol for the whole run: mls or signal (overrides the scenario)', protocolOption)
  .option('--per-pair', 'print the per-provider-pair tables even for uniform worlds')
  .option('--worlds <list>', 'comma-separated worlds (scenario files or preset names) to run side by side, one row each', listOption('--worlds'))
  .option('--queue', 'run the cells on the sweep engine (pg-boss, rows in PostgreSQL, a server of its own in OUT/cells/db): after a crash the same command runs only the missing cells')
  .option('--database <url>', 'with the queue on this PostgreSQL instead (implies --queue; `interop-sim worker --database URL` elsewhere can help)', databaseUrlOption)
  .action(async (ref: string | undefined, given: { architectures?: ArchitectureName[]; seeds: number; seed?: string; workers?: number; out?: string; json?: boolean; protocol?: 'mls' | 'signal'; perPair?: boolean; worlds?: string[]; queue?: boolean; database?: string }) => {
    if (given.worlds !== undefined) return (await import('./compareWorlds.ts')).compareWorlds(ref, { ...given, worlds: given.worlds });
    const scenario = withProtocol(loadScenario(ref), given.protocol);
    const { architecturesFor } = await import('../runner/plan/checkProtocol.ts');
    let architectures = given.architectures ?? architecturesFor(scenario.protocol);
    // Providers on different protocols (issue 17): by default, the uniform worlds that can carry them.
    if (given.architectures === undefined && new Set(scenario.providers.map((p) => p.protocol ?? scenario.protocol)).size > 1) {
      const { planScenario } = await import('../runner/plan/planScenario.ts');
      const runnable: ArchitectureName[] = [];
      for (const a of architectures) if ((await planScenario(scenario, { architecture: a })).kind === 'planned') runnable.push(a);
      if (runnable.length > 0) architectures = runnable;
    }
    const opts = { ...given, architectures };
    // Every problem before a worker starts, as `validate` reports them (workers plan again, the same way).
    await (await import('../runner/plan/planScenario.ts')).planEachOrThrow(scenario, opts.architectures, { source: resolveScenarioPath(ref) });
    const { runCompare, replicationSeeds, runDirName } = await import('../compare/runCompare.ts');
    if (opts.out !== undefined) {
      outputDir('--out', opts.out, ['compare.json', 'compare.csv']);
      for (const a of opts.architectures) for (const seed of replicationSeeds(opts.seed ?? String(scenario.seed), opts.seeds)) outputDir('--out', join(opts.out, 'runs', runDirName(a, seed)), RUN_OUTPUT_FILES);
    }
    const { formatCompare, compareCsv } = await import('../compare/formatCompare.ts');
    const total = opts.architectures.length * opts.seeds;
    const cellsOn = await (await import('./studyCells.ts')).studyCells(`compare-${scenario.name}`, opts);
    const bar = opts.json ? undefined : progressBar(`compare ${scenario.name} (${total} runs)`);
    try {
      const { result } = await runCompare(scenario, {
        ...(cellsOn.runCells !== undefined && { runCells: cellsOn.runCells }),
        architectures: opts.architectures,
        seeds: opts.seeds,
        ...(opts.seed !== undefined && { baseSeed: opts.seed }),
        ...(opts.workers !== undefined && { workers: opts.workers }),
        ...(opts.out !== undefined && { runsDir: join(opts.out, 'runs') }),
        onRunDone: (done) => bar?.update(done / total),
      });
      bar?.stop();
      if (opts.out !== undefined) {
        const files = new StagedFiles(opts.out);
        files.write('compare.csv', compareCsv(result));
        files.write('compare.json', JSON.stringify(result, null, 2) + '\n');
        files.commit('compare.json');
      }
      console.log(opts.json ? JSON.stringify(result, null, 2) : formatCompare(result));
      if (!opts.json) {
        const { formatBelowPromise, formatPerPairCompare } = await import('../compare/formatPerPairCompare.ts');
        const below = formatBelowPromise(result);
        if (below !== '') console.log(below);
        if (opts.perPair === true || result.rows.some((row) => row.perPair?.uniform === false)) console.log(formatPerPairCompare(result));
      }
    } finally {
      bar?.stop();
      cellsOn.done();
    }
  });

program
  .command('attacks')
  .description('run each attacker with and without its defense under each architecture and print the attack matrix (success rate, messages exposed or forged, time to detection, spam reach and false positives)')
  .argument('[scenario]', 'scenario file (YAML or JSON) or preset name: the base the attacks run on')
  .option('--architectures <list>', `comma-separated, from: ${ARCHITECTURE_NAMES.join(', ')}`, architecturesOption, [...ARCHITECTURE_NAMES])
  .option('--attacks <list>', 'comma-separated attack names (default: all; see the matrix rows)', listOption('--attacks'))
  .option('--seeds <k>', 'replications per cell', positiveIntOption('--seeds'), 1)
  .option('--seed <seed>', 'first seed (default: the scenario\'s)', seedOption)
  .option('--duration <s>', 'seconds of workload per run (default: the scenario\'s)', positiveIntOption('--duration'))
  .option('--workers <n>', 'worker threads (default: one per core)', positiveIntOption('--workers'))
  .option('--out <dir>', 'write attacks.json and attacks.csv here')
  .option('--queue', 'run the cells on the sweep engine (pg-boss, rows in PostgreSQL, a server of its own in OUT/cells/db): after a crash the same command runs only the missing cells')
  .option('--database <url>', 'with the queue on this PostgreSQL instead (implies --queue; `interop-sim worker --database URL` elsewhere can help)', databaseUrlOption)
  .option('--json', 'print the matrix as JSON')
  .option('--protocol <name>', 'E2EE protocol for the whole run: mls or signal (overrides the scenario)', protocolOption)
  .action(async (ref: string | undefined, opts: { architectures: ArchitectureName[]; attacks?: string[]; seeds: number; seed?: string; duration?: number; workers?: number; out?: string; json?: boolean; protocol?: 'mls' | 'signal'; queue?: boolean; database?: string }) => {
    const loaded = withProtocol(loadScenario(ref), opts.protocol);
    if (opts.out !== undefined) outputDir('--out', opts.out, ['attacks.json', 'attacks.csv']);
    const scenario = opts.duration === undefined ? loaded : { ...loaded, durationSeconds: opts.duration };
    // The base must plan under every architecture the protocol can run; the others' cells are n/a.
    const { architecturesFor } = await import('../runner/plan/checkProtocol.ts');
    const runnable = architecturesFor(scenario.protocol);
    await (await import('../runner/plan/planScenario.ts')).planEachOrThrow(scenario, opts.architectures.filter((a) => runnable.includes(a)), { source: resolveScenarioPath(ref) });
    const { ATTACK_CASES, ATTACK_NAMES } = await import('../attacks/catalog.ts');
    const { runAttacks } = await import('../attacks/runAttacks.ts');
    const { formatAttacks, attacksCsv } = await import('../attacks/formatAttacks.ts');
    const known = ATTACK_NAMES();
    const unknown = (opts.attacks ?? []).filter((a) => !known.includes(a));
    if (unknown.length > 0) throw new UserError(`--attacks: unknown ${unknown.map((u) => `"${u}"`).join(', ')}; expected some of ${known.join(', ')}`);
    const cases = opts.attacks === undefined ? ATTACK_CASES : ATTACK_CASES.filter((c) => opts.attacks!.includes(c.attack));
    const cellsOn = await (await import('./studyCells.ts')).studyCells(`attacks-${scenario.name}`, opts);
    await runStudy(
      `attacks on ${scenario.name}`,
      opts,
      (onRunDone) =>
        runAttacks(scenario, {
          ...(cellsOn.runCells !== undefined && { runCells: cellsOn.runCells }),
          cases,
          architectures: opts.architectures,
          seeds: opts.seeds,
          ...(opts.seed !== undefined && { baseSeed: opts.seed }),
          ...(opts.workers !== undefined && { workers: opts.workers }),
          onRunDone,
        }),
      (matrix) => [
        ['attacks.csv', attacksCsv(matrix)],
        ['attacks.json', JSON.stringify(matrix, null, 2) + '\n'],
      ],
      formatAttacks,
    ).finally(cellsOn.done);
  });

// ---- pcs: post-compromise security, measured (issue 16) ----
program
  .command('pcs')
  .description('image devices mid-run (full MLS or Signal state) and measure, over seeds, how many later messages the stolen state really decrypts and how long until it reads none, per protocol and key-refresh policy')
  .argument('[scenario]', 'scenario file (YAML or JSON) or preset name: the base every policy runs on')
  .option('--seeds <k>', 'replications per policy', positiveIntOption('--seeds'), 3)
  .option('--seed <seed>', 'first seed (default: the scenario\'s)', seedOption)
  .option('--duration <s>', 'seconds of workload per run', positiveIntOption('--duration'), 120)
  .option('--at <s>', 'when the devices are imaged, seconds into the workload', positiveIntOption('--at'), 20)
  .option('--victims <n>', 'devices imaged: those in the most conversations at that instant', positiveIntOption('--victims'), 3)
  .option('--protocol <name>', 'only the policies of one protocol: mls or signal', protocolOption)
  .option('--workers <n>', 'worker threads (default: one per core)', positiveIntOption('--workers'))
  .option('--out <dir>', 'write pcs.json here')
  .option('--queue', 'run the cells on the sweep engine (pg-boss, rows in PostgreSQL, a server of its own in OUT/cells/db): after a crash the same command runs only the missing cells')
  .option('--database <url>', 'with the queue on this PostgreSQL instead (implies --queue; `interop-sim worker --database URL` elsewhere can help)', databaseUrlOption)
  .option('--json', 'print the study as JSON')
  .action(async (ref: string | undefined, opts: { seeds: number; seed?: string; duration: number; at: number; victims: number; protocol?: 'mls' | 'signal'; workers?: number; out?: string; json?: boolean; queue?: boolean; database?: string }) => {
    const scenario = { ...loadScenario(ref), durationSeconds: opts.duration };
    if (opts.at >= opts.duration) throw new UserError(`--at: ${opts.at} s is not before the end of the workload (--duration ${opts.duration})`);
    if (opts.out !== undefined) outputDir('--out', opts.out, ['pcs.json']);
    const { PCS_POLICIES } = await import('../attacks/pcs/pcsPolicies.ts');
    const { runPcs, pcsScenario } = await import('../attacks/pcs/runPcs.ts');
    const { formatPcs } = await import('../attacks/pcs/formatPcs.ts');
    const policies = PCS_POLICIES.filter((p) => opts.protocol === undefined || p.protocol === opts.protocol);
    const { planEachOrThrow } = await import('../runner/plan/planScenario.ts');
    for (const p of policies) await planEachOrThrow(pcsScenario(scenario, p, opts.at, opts.victims), ['federated-mls'], { source: resolveScenarioPath(ref) });
    const cellsOn = await (await import('./studyCells.ts')).studyCells(`pcs-${scenario.name}`, opts);
    await runStudy(
      `pcs on ${scenario.name}`,
      opts,
      (onRunDone) =>
        runPcs(scenario, {
          ...(cellsOn.runCells !== undefined && { runCells: cellsOn.runCells }),
          policies,
          seeds: opts.seeds,
          atSeconds: opts.at,
          victims: opts.victims,
          ...(opts.seed !== undefined && { baseSeed: opts.seed }),
          ...(opts.workers !== undefined && { workers: opts.workers }),
          onRunDone,
        }),
      (study) => [['pcs.json', JSON.stringify(study, null, 2) + '\n']],
      formatPcs,
    ).finally(cellsOn.done);
  });

program
  .command('mls-script')
  .description('replay IETF MLS interop test-runner scripts ({"scripts": {name: [actions]}}) on the simulated network, verifying group state after each commit')
  .argument('<file>', 'script file (JSON)')
  .option('--script <name>', 'run only this script')
  .option('--suite <id>', 'ciphersuite', positiveIntOption('--suite'), 1)
  .option('--seed <seed>', 'seed for the actors\' key material', seedOption)
  .option('--json', 'print the reports as JSON')
  .action(async (file: string, opts: { script?: string; suite: number; seed?: string; json?: boolean }) => {
    const { runMlsScriptFile, formatScriptReports } = await import('../mlsScript/index.ts');
    const reports = await runMlsScriptFile(file, { ciphersuite: opts.suite, ...(opts.script !== undefined && { script: opts.script }), ...(opts.seed !== undefined && { seed: opts.seed }) });
    console.log(opts.json ? JSON.stringify(reports, (_k, v) => (v instanceof Error ? v.message : v), 2) : formatScriptReports(reports));
    if (reports.some((r) => r.status !== 'pass')) process.exitCode = 1;
  });

program
  .command('mls-vectors')
  .description('check the RFC 9420 test vectors (mlswg/mls-implementations JSON files) against the engine: pass, fail, unsupported per kind and ciphersuite')
  .argument('<file...>', 'test-vector files (JSON arrays of cases; the kind is recognised from the fields)')
  .option('--suite <id>', 'only the cases of this ciphersuite', positiveIntOption('--suite'))
  .option('--crypto <provider>', "the engine's crypto provider: native or stock", 'native')
  .action(async (files: string[], opts: { suite?: number; crypto: string }) => {
    const { readVectorFile, runVectorFiles, formatVectorReport, VectorFileError } = await import('../mlsVectors/index.ts');
    if (opts.crypto !== 'native' && opts.crypto !== 'stock') throw new UserError(`--crypto: expected native or stock, got ${opts.crypto}`);
    let loaded;
    try {
      loaded = files.map(readVectorFile); // every file and case checked before any runs
    } catch (e) {
      if (e instanceof VectorFileError) throw new UserError(e.message);
      throw e;
    }
    const start = performance.now(); // wall-clock ok: reported, never part of any result
    const report = await runVectorFiles(loaded, { crypto: opts.crypto, ...(opts.suite !== undefined && { suite: opts.suite }) });
    console.log(formatVectorReport(report, (performance.now() - start) / 1000)); // wall-clock ok
    if (report.totals.fail > 0) process.exitCode = 1;
  });

program
  .command('serve')
  .description('serve finished runs (dirs written by --out) in a browser: topology, message flow, replay, compare charts, groups')
  .argument('[run-dir...]', 'run or compare directories written by `run --out` / `compare --out`', ['.'])
  .option('--port <n>', 'port (0 = any free port)', portOption, 8377)
  .option('--host <host>', 'interface to listen on (loopback by default)', '127.0.0.1')
  .action(async (dirs: string[], opts: { port: number; host: string }) => {
    const { serve } = await import('../../viz/server.ts');
    await badInputAsUserError(() => serve(dirs, opts));
  });

program
  .command('report')
  .description('write one self-contained HTML report (charts, topology, flow excerpt) readable offline')
  .argument('<run-dir>', 'a run or compare directory')
  .option('-o, --output <file>', 'output file', 'report.html')
  .action(async (dir: string, opts: { output: string }) => {
    outputFile('-o', opts.output);
    // A timeline folder (issue 18): the one-page policy brief from its timeline.json.
    const { timelineBrief } = await import('../timeline/timelineBrief.ts');
    const brief = await badInputAsUserError(async () => timelineBrief(dir, opts.output));
    if (brief !== undefined) return void console.log(`wrote ${brief.outFile} (${Math.round(brief.bytes / 1024)} KiB): the policy brief of timeline ${brief.name}`);
    const { writeReport } = await import('../../viz/report.ts');
    const r = await badInputAsUserError(() => writeReport(dir, opts.output));
    console.log(`wrote ${r.outFile} (${Math.round(r.bytes / 1024)} KiB)`);
  });

program
  .command('export')
  .description('export a finished run for other tools: Chrome/Perfetto trace-event JSON (ui.perfetto.dev) or tidy CSV tables (pandas, R)')
  .argument('<run>', 'a run directory (written by `run --out`) or its trace.jsonl')
  .requiredOption('--format <format>', 'perfetto (one JSON file) or csv (a directory: messages, copies, hops, exposures, skipped)')
  .requiredOption('-o, --output <path>', 'the JSON file (perfetto) or the directory (csv) to write')
  .action(async (run: string, opts: { format: string; output: string }) => {
    const { exportRun } = await import('../../viz/export/exportRun.ts');
    const r = await badInputAsUserError(() => exportRun(run, opts.format, opts.output));
    if (r.kind === 'perfetto') console.log(`wrote ${r.file}: ${r.events} trace events (${Math.round(r.bytes / 1024)} KiB); open it at https://ui.perfetto.dev`);
    else for (const [name, t] of Object.entries(r.tables)) console.log(`wrote ${t.file}: ${t.rows} ${name} rows`);
  });

program
  .command('bench')
  .description('benchmarks, measured side by side in one run: kernel vs bare heap, MLS operations (native vs stock crypto vs the node:crypto floor), Signal protocol operations (native vs libsignal vs the floor) and Sender Keys vs MLS membership change, simulation overhead and scenario throughput')
  .option('--quick', 'a short run (under a minute): fewer group sizes and iterations')
  .option('--json <file>', 'write the MLS results as JSON')
  .option('--svg <file>', 'write an SVG chart of MLS time vs group size')
  .action(async (opts: { quick?: boolean; json?: string; svg?: string }) => {
    const quick = opts.quick === true;
    if (opts.json !== undefined) outputFile('--json', opts.json);
    if (opts.svg !== undefined) outputFile('--svg', opts.svg);
    const { runEngineBench } = await import('../../bench/engine.bench.ts');
    const { runMlsBench } = await import('../../bench/mlsBench.ts');
    const { runScenarioBench } = await import('../../bench/scenarioBench.ts');
    console.log('== kernel vs bare binary heap ==');
    await runEngineBench({ quick, log: console.log });
    console.log('\n== MLS operations: stock and native crypto, and the primitive floor ==');
    await runMlsBench({ quick, ...(opts.json !== undefined && { json: opts.json }), ...(opts.svg !== undefined && { svg: opts.svg }) });
    console.log('\n== Signal protocol: native engine vs libsignal vs the floor; Sender Keys vs MLS membership change ==');
    const { runSignalBench } = await import('../../bench/signalBench.ts');
    await runSignalBench({ quick });
    console.log('\n== the simulation itself ==');
    await runScenarioBench({ quick });
  });

program
  .command('validate')
  .description('check scenario files and print every problem with its field path (everything `run` checks, without running it); exit 2 if any is invalid')
  .argument('<file...>', 'scenario files (YAML or JSON) or preset names')
  .option('--max-events <n>', 'the events limit to check against (as `run --max-events`)', positiveIntOption('--max-events'))
  .action(async (files: string[], opts: { maxEvents?: number }) => {
    // The same plan `run` makes: references resolved, the network tried, the engine loaded, the run's size estimated.
    const { planOrThrow } = await import('../runner/plan/planScenario.ts');
    let invalid = 0;
    for (const file of files) {
      try {
        const s = loadScenario(file);
        const plan = await planOrThrow(s, { source: resolveScenarioPath(file), ...(opts.maxEvents !== undefined && { maxEvents: opts.maxEvents }) });
        const e = plan.estimate;
        console.log(`ok: ${file} (scenario ${s.name}: ${s.providers.length} providers, ${s.providers.reduce((n, p) => n + p.users, 0)} users, ${e.devices} devices; about ${e.events.toLocaleString('en-US')} events under ${plan.arrangements.uniform ?? 'its per-pair arrangements'})`);
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        reportScenarioError(e);
        // Two passes: schema problems first, all of them; the plan's are checked once there are none.
        if (e.stage === 'schema') console.error(`note: ${e.source}: schema problems only; the plan (engine, suites, network, references, size) is checked once they are fixed`);
        invalid++;
      }
    }
    if (invalid > 0 && files.length === 1) return void (process.exitCode = 2);
    if (invalid > 0) throw new UserError(`${invalid} of ${files.length} scenarios are invalid`);
  });

program
  .command('presets')
  .description('list the built-in scenarios')
  .action(() => {
    for (const f of readdirSync(PRESET_DIR).sort()) {
      const s = loadScenario(f.replace(/\.(ya?ml|json)$/, ''));
      console.log(`${s.name.padEnd(24)} ${s.description ?? ''}`);
    }
  });

program
  .command('schema')
  .description('print the scenario JSON Schema (for editors)')
  .action(() => console.log(JSON.stringify(scenarioJsonSchema(), null, 2)));

// --- sweep and worker (issue 15): parameter sweeps on pg-boss + PostgreSQL ---
/** A database that cannot be reached is the user's input, not a bug: one line. */
function databaseError(e: unknown, flag: string): never {
  return databaseErrorOf(e, flag, /^(EmbeddedDbError|WorkerRefused|SweepWorkersGone)$/);
}

program
  .command('sweep')
  .description('run a parameter sweep (sweep file: base scenario, parameters by field path, design, seeds, metrics); cells go through a pg-boss queue, results into PostgreSQL (a server of its own under --out unless --database); writes results.json, cells.csv, points.csv and one SVG chart per metric')
  .argument('<file>', 'sweep file (YAML or JSON)')
  .option('--out <dir>', 'output folder (default: sweep-<name>)')
  .option('--database <url>', 'use this PostgreSQL (postgres://user:pass@host:port/db) instead of starting one', databaseUrlOption)
  .option('--workers <n>', 'local worker processes (default: one per core; 0: only enqueue, watch and export)', (v: string) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected an integer >= 0');
    return n;
  })
  .option('--retry-failed', 'run the cells that failed for good once more')
  .option('--keep-runs', 'keep each cell\'s trace and summary under OUT/runs/p<point>-s<seed> (cells run by the local workers; `interop-sim serve OUT` links them)')
  .option('--json', 'print the result as JSON')
  .action(async (file: string, opts: { out?: string; database?: string; workers?: number; retryFailed?: boolean; keepRuns?: boolean; json?: boolean }) => {
    const { loadSweep } = await import('../sweep/loadSweep.ts');
    const { planSweep, SweepPointRefused } = await import('../sweep/planSweep.ts');
    const { SweepError } = await import('../sweep/sweepError.ts');
    const { runSweep, SweepInterrupted } = await import('../sweep/runSweep.ts');
    const { sweepProgress } = await import('../sweep/sweepProgress.ts');
    const { formatSweep } = await import('../sweep/formatSweep.ts');
    let plan;
    try {
      plan = await planSweep(loadSweep(file));
    } catch (e) {
      // A point the plan step refuses: one line naming the point and the field.
      if (e instanceof SweepPointRefused) throw new UserError(`${e.source}: ${e.line}`);
      if (e instanceof SweepError) {
        const only = e.problems.length === 1 ? e.problems[0]! : '';
        if (only.startsWith('(file): ')) throw new UserError(`${e.source}: ${only.slice('(file): '.length)}`);
        throw new UserError(`${e.source}: invalid sweep`, e.problems);
      }
      throw e;
    }
    const out = opts.out ?? `sweep-${plan.name}`;
    const bar = opts.json ? undefined : sweepProgress(`sweep ${plan.name}`, plan.cells.length);
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const { result, files, workerErrors } = await runSweep(plan, {
        outDir: out,
        workers: opts.workers ?? availableParallelism(),
        ...(opts.database !== undefined && { database: opts.database }),
        ...(opts.retryFailed === true && { retryFailed: true }),
        ...(opts.keepRuns === true && { keepRuns: true }),
        signal: abort.signal,
        onProgress: (c) => bar?.update(c.done, c.failed),
      }).catch((e: unknown) => {
        if (e instanceof SweepInterrupted) throw new UserError('interrupted: run the same command again to resume (cells done are kept)');
        return databaseError(e, opts.database !== undefined ? '--database' : 'embedded database');
      });
      bar?.stop();
      for (const w of workerErrors) console.error(`warning: ${w}`);
      console.log(opts.json ? JSON.stringify(result, null, 2) : `${formatSweep(result)}\nwrote ${files.length} files under ${out}: index.html, results.json, cells.csv, points.csv, charts/*.svg`);
      if (result.failed.length > 0) {
        console.error(`error: ${result.failed.length} cell(s) failed; their errors are in results.json; \`interop-sim sweep ${file} --retry-failed\` runs them again`);
        process.exitCode = 1;
      }
    } finally {
      bar?.stop();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });

program
  .command('worker')
  .description('pull sweep cells from a database\'s queue and run them (one cell at a time; start one per core, on any number of machines); only cells made by this same code version are taken')
  .requiredOption('--database <url>', 'the PostgreSQL the sweep coordinator uses', databaseUrlOption)
  .option('--sweep <id>', 'only this sweep')
  .option('--exit-when-done', 'exit once the sweeps this worker can serve are finished')
  .option('--quiet', 'print nothing per cell')
  .option('--runs-dir <dir>', 'keep each cell\'s trace and summary under DIR/p<point>-s<seed>')
  .option('--workers <n>', 'worker processes to run here (default 1: this one); each is replaced if it dies', positiveIntOption('--workers'), 1)
  .action(async (opts: { database: string; sweep?: string; exitWhenDone?: boolean; quiet?: boolean; runsDir?: string; workers: number }) => {
    if (opts.workers > 1) {
      const { LocalWorkers } = await import('../sweep/localWorkers.ts');
      const args = [...(opts.sweep !== undefined ? ['--sweep', opts.sweep] : []), ...(opts.exitWhenDone ? ['--exit-when-done'] : []), ...(opts.quiet ? ['--quiet'] : []), ...(opts.runsDir !== undefined ? ['--runs-dir', resolve(opts.runsDir)] : [])];
      const pool = new LocalWorkers(opts.database, args, 4 * opts.workers, true);
      const stop = () => void pool.stop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      pool.start(opts.workers);
      await pool.finished();
      for (const e of pool.errors) console.error(`warning: ${e}`);
      if (pool.gone) throw new UserError(`the workers stopped: ${pool.errors.slice(-1)[0] ?? 'no reason given'}`);
      return;
    }
    const { runWorker } = await import('../sweep/workerLoop.ts');
    const { codeVersion } = await import('../sweep/codeVersion.ts');
    const abort = new AbortController();
    // Started by a coordinator: its end (even kill -9) closes the channel, and we go with it.
    if (process.send !== undefined) process.on('disconnect', () => process.exit(3));
    // The channel alone must not keep us alive: a worker that refuses its sweep (another code version)
    // or loses its database prints its error and exits, and the coordinator sees it go.
    process.channel?.unref();
    process.once('SIGINT', () => abort.abort()); // after the current cell
    process.once('SIGTERM', () => process.exit(143)); // now; the cell's job expires and runs again
    const log = opts.quiet ? () => {} : (line: string) => console.log(line);
    log(`worker ${process.pid}, code version ${codeVersion()}`);
    const r = await runWorker({ url: opts.database, exitWhenDone: opts.exitWhenDone === true, log, signal: abort.signal, ...(opts.sweep !== undefined && { sweepId: opts.sweep }), ...(opts.runsDir !== undefined && { runsDir: resolve(opts.runsDir) }) }).catch((e: unknown) => databaseError(e, '--database'));
    log(`worker ${process.pid}: ${r.cells} cell(s) done`);
    // Started by a coordinator or `worker --workers N`: the IPC channel would keep us alive; go now.
    if (process.send !== undefined) process.exit(0);
  });
// --- end sweep and worker ---

// --- timeline (issue 18) ---
program
  .command('timeline')
  .description('policy timelines: a population of users with contacts adopting, multi-homing and switching apps month by month under a dated policy schedule (and its counterfactuals), with the security of each arrangement in force measured by simulator runs (sweep cells); writes timeline.json, series.csv, tornado.csv, runs.csv and brief.html')
  .argument('<timeline>', 'a timeline preset (dma-art7-meta) or a timeline file (YAML or JSON)')
  .option('--seeds <k>', 'seeds per variant (population) and per world (protocol level)', positiveIntOption('--seeds'), 2)
  .option('--out <dir>', 'output folder (default: timeline-<name>)')
  .option('--agents <n>', 'sampled agents (default: the file\'s agents)', positiveIntOption('--agents'))
  .option('--variants <names>', 'only these variants, comma-separated (the first is the baseline)')
  .option('--population-only', 'skip the protocol level: every protocol-level figure is "not measured"')
  .option('--no-tornado', 'skip the one-at-a-time input runs (tornado and input band)')
  .option('--database <url>', 'PostgreSQL for the protocol-level sweep cells (default: one of our own under --out/db)', databaseUrlOption)
  .option('--workers <n>', 'local worker processes for the protocol level (default: one per core)', positiveIntOption('--workers'))
  .option('--json', 'print timeline.json instead of the table')
  .action(async (name: string, opts: { seeds: number; out?: string; agents?: number; variants?: string; populationOnly?: boolean; tornado: boolean; database?: string; workers?: number; json?: boolean }) => {
    const { loadTimeline } = await import('../timeline/loadTimeline.ts');
    const { TimelineError } = await import('../timeline/timelineError.ts');
    const { runTimeline } = await import('../timeline/runTimeline.ts');
    const { runProtocolLevel } = await import('../timeline/protocolLevel.ts');
    const { writeTimeline } = await import('../timeline/writeTimeline.ts');
    const { formatTimeline } = await import('../timeline/formatTimeline.ts');
    const { timelineProgress } = await import('../timeline/timelineProgress.ts');
    let t;
    try {
      t = loadTimeline(name);
    } catch (e) {
      if (e instanceof TimelineError) {
        if (e.problems.length === 1) throw new UserError(`${e.source}: ${e.problems[0]!.replace(/^\(file\): /, '')}`);
        throw new UserError(`${e.source}: invalid timeline`, e.problems);
      }
      throw e;
    }
    if (opts.agents !== undefined && (opts.agents < 100 || opts.agents > 5_000_000)) throw new UserError(`--agents: expected 100 to 5,000,000 agents, got ${opts.agents}`);
    const variants = opts.variants?.split(',').map((v) => v.trim());
    for (const v of variants ?? []) if (!t.variants.some((x) => x.name === v)) throw new UserError(`--variants: no variant "${v}" in ${t.spec.name} (known: ${t.variants.map((x) => x.name).join(', ')})`);
    const out = opts.out ?? `timeline-${t.spec.name}`;
    const { TIMELINE_FILES } = await import('../timeline/writeTimeline.ts');
    outputDir('--out', out, TIMELINE_FILES);
    const bar = opts.json ? undefined : timelineProgress(`timeline ${t.spec.name}`);
    try {
      const result = await runTimeline(t, {
        seeds: opts.seeds,
        tornado: opts.tornado,
        ...(opts.agents !== undefined && { agents: opts.agents }),
        ...(variants !== undefined && { variants }),
        ...(opts.populationOnly !== true && {
          protocol: (worlds) =>
            runProtocolLevel(worlds, { log: () => {}, outDir: out, seeds: opts.seeds, workers: opts.workers ?? availableParallelism(), ...(opts.database !== undefined && { database: opts.database }), onWorld: (d, n, c) => bar?.stage(`protocol level: world ${Math.min(d + 1, n)}/${n} ${c}`) }).catch((e: unknown) => {
              if (e instanceof Error && e.name === 'ProtocolLevelError') throw new UserError(e.message);
              return databaseError(e, opts.database !== undefined ? '--database' : 'embedded database');
            }),
        }),
        onProgress: (d, n, stage) => bar?.update(d, n, stage),
      });
      bar?.stop();
      const files = writeTimeline(out, result);
      console.log(opts.json ? JSON.stringify(result, null, 1) : `${formatTimeline(result)}\nwrote ${files.length} files under ${out}: timeline.json, series.csv, tornado.csv, runs.csv, brief.html`);
    } finally {
      bar?.stop();
    }
  });
// --- end timeline ---

/** `error: file: invalid scenario` and one indented line per problem (a file problem on one line). */
function reportScenarioError(e: ScenarioError): void {
  const only = e.problems.length === 1 ? e.problems[0]! : '';
  if (only.startsWith('(file): ')) return void console.error(`error: ${e.source}: ${only.slice('(file): '.length)}`);
  console.error(`error: ${e.source}: invalid scenario`);
  for (const p of e.problems) console.error(`  ${p}`);
}

async function main(argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv);
    // A command that finished but failed (mls-script with a failing script) set process.exitCode.
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2; // commander already printed it
    if (e instanceof ScenarioError) {
      reportScenarioError(e);
      return 2;
    }
    if (e instanceof Error && e.name.startsWith('MlsScript')) {
      console.error(`error: ${e.message}`);
      return 2;
    }
    if (e instanceof UserError) {
      console.error(`error: ${e.message}`);
      for (const d of e.details) console.error(`  ${d}`);
      return 2;
    }
    throw e; // a bug: keep the stack
  }
}

// `interop-sim run | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
process.exitCode = await main(process.argv);

/** The scenario with `--protocol` applied (issue 16: one protocol for the whole run). */
function withProtocol<S extends { protocol: 'mls' | 'signal' }>(s: S, protocol: 'mls' | 'signal' | undefined): S {
  return protocol === undefined ? s : { ...s, protocol };
}
