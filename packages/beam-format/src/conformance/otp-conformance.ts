import { fixtureBeamFiles, runConformance } from './run.js';

/**
 * `pnpm --filter @beamload/beam-format conformance [FILE.beam ...]`: compares every .beam
 * of the installed OTP plus the package's fixtures (or only the given files) with what
 * beam_lib and beam_disasm report. Prints one summary line; exits non-zero unless every
 * file is identical.
 */
const files = process.argv.slice(2);
let result: Awaited<ReturnType<typeof runConformance>>;
try {
  result = await runConformance(files.length > 0 ? { otp: false, files } : { otp: true, files: fixtureBeamFiles() });
} catch (error) {
  // No summary line without an oracle: the suite did not run, which is a failure.
  process.stderr.write(`otp-conformance: the OTP oracle could not run (is Erlang/OTP installed?): ${(error as Error).message}\n`);
  process.exit(1);
}
for (const failure of result.failures.slice(0, 20)) {
  process.stderr.write(`${failure.file}\n  ${failure.differences.slice(0, 5).join('\n  ')}\n`);
}
process.stdout.write(`otp-conformance: ${result.files} files, ${result.identical} identical\n`);
process.exitCode = result.files > 0 && result.identical === result.files ? 0 : 1;
