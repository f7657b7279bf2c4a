#!/usr/bin/env node
import { resolve } from 'node:path';
import { parseBenchOptions, USAGE, UsageError } from './options.js';
import { createProgress } from './progress.js';
import { writeHtmlReport } from './report/html-report.js';
import { renderTerminalTable } from './report/terminal-table.js';
import { runBench } from './run-bench.js';
import { writeResults } from './write-results.js';

async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseBenchOptions(argv);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const progress = createProgress();
  const results = await runBench(options, progress);
  process.stdout.write(renderTerminalTable(results));
  const written = writeResults(results, resolve(options.outputDirectory));
  process.stdout.write(`\nresults: ${written.json}\n         ${written.markdown}\n`);
  if (options.reportDirectory !== null) {
    process.stdout.write(`report:  ${writeHtmlReport(results, resolve(options.reportDirectory))}\n`);
  }
  // A bench in which nothing could run at all has measured nothing: say so by the status.
  if (!results.rows.some((row) => row.status === 'ran')) return 1;
  // CI requires the ERTS reference row (BEAMLOAD_REQUIRE_OTP=1, as for the OTP test suites).
  const erts = results.rows.find((row) => row.id === 'erts');
  if (process.env.BEAMLOAD_REQUIRE_OTP === '1' && erts !== undefined && erts.status !== 'ran') {
    process.stderr.write(`BEAMLOAD_REQUIRE_OTP=1 but the ERTS row did not run: ${erts.reason}\n`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
