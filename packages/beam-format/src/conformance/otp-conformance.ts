import { fixtureBeamFiles, runConformance } from './run.js';

/**
 * `pnpm --filter @beamload/beam-format conformance [FILE.beam ...]`: compares every .beam
 * of the installed OTP plus the package's fixtures (or only the given files) with what
 * beam_lib and beam_disasm report. Prints one summary line; exits non-zero unless every
 * file is identical.
 */
const files = process.argv.slice(2);
const result = await runConformance(files.length > 0 ? { otp: false, files } : { otp: true, files: fixtureBeamFiles() });
for (const failure of result.failures.slice(0, 20)) {
  process.stderr.write(`${failure.file}\n  ${failure.differences.slice(0, 5).join('\n  ')}\n`);
}
process.stdout.write(`otp-conformance: ${result.files} files, ${result.identical} identical\n`);
process.exitCode = result.files > 0 && result.identical === result.files ? 0 : 1;
