// Package script `conformance`: prepare + install every .beam file of the installed OTP
// and every fixture (compiled +r22/+r23/+r24/default); prints `otp-load: N files, N loaded`.
// Exits 1 when a file fails, or when erl is missing and BEAMLOAD_REQUIRE_OTP=1.
import { fixtureBeams, findBeams, loadCorpus, otpRoot } from './otp-corpus.mjs';

const root = otpRoot();
if (root === undefined) {
  console.log('otp-load: erl not found, OTP corpus skipped');
  if (process.env.BEAMLOAD_REQUIRE_OTP === '1') process.exit(1);
}
const files = [...(root ? findBeams(root) : []), ...fixtureBeams()];
const started = performance.now();
const result = loadCorpus(files);
const seconds = (performance.now() - started) / 1000;
for (const failure of result.failures) console.log(`  FAILED ${failure.file}: ${failure.reason}`);
console.log(`otp-load: ${result.files} files, ${result.loaded} loaded (${seconds.toFixed(2)} s)`);
process.exit(result.loaded === result.files && result.files > 0 ? 0 : 1);
