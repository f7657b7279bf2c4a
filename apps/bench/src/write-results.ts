import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResults } from './results-schema.js';
import { renderMarkdownTable } from './report/markdown-table.js';

/** Writes `<stamp>.json` (everything, raw samples included) and `<stamp>.md`, plus `latest.*`. */
export function writeResults(results: BenchResults, directory: string): { json: string; markdown: string } {
  mkdirSync(directory, { recursive: true });
  const stamp = results.context.date.replace(/[:.]/g, '-');
  const json = JSON.stringify(results);
  const markdown = renderMarkdownTable(results);
  const paths = { json: join(directory, `bench-${stamp}.json`), markdown: join(directory, `bench-${stamp}.md`) };
  writeFileSync(paths.json, json);
  writeFileSync(paths.markdown, markdown);
  writeFileSync(join(directory, 'latest.json'), json);
  writeFileSync(join(directory, 'latest.md'), markdown);
  return paths;
}
