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
  return results.rows.some((row) => row.status === 'ran') ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
