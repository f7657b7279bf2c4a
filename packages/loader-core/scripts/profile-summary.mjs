// Self time per function and per source package of a V8 .cpuprofile (see profile-prepare.mjs).
import { readFileSync } from 'node:fs';

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const top = Number(process.argv[3] ?? 40);
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMicros = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...selfMicros.values()].reduce((sum, micros) => sum + micros, 0);
const byFunction = new Map();
const byPackage = new Map();
for (const [id, micros] of selfMicros) {
  const frame = byId.get(id).callFrame;
  const url = frame.url || '(native)';
  const where = url.replace(/^.*\/(packages|node_modules)\//, '').replace(/^file:\/\//, '');
  const key = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
  const pkg = /packages\/([^/]+)\//.exec(url)?.[1] ?? (frame.functionName.startsWith('(') ? frame.functionName : 'node/other');
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
}
const percent = (micros) => `${((100 * micros) / total).toFixed(1).padStart(5)}%`;
console.log(`total ${(total / 1000).toFixed(0)} ms sampled`);
for (const [pkg, micros] of [...byPackage].sort((a, b) => b[1] - a[1])) console.log(`${percent(micros)}  ${pkg}`);
console.log('');
for (const [key, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${percent(micros)}  ${key}`);
