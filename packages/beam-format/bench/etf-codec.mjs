// ETF codec benchmark: decodes (and re-encodes) every literal of every LitT chunk of the
// installed OTP, then the literal table of a synthetic 200,000-entry module (as the load
// bench builds them), and compares with ERTS doing the same work (binary_to_term/1 and
// term_to_binary/2 over the same bytes) in the same run. Run after `pnpm build`:
//   node bench/etf-codec.mjs [ROUNDS]
// Prints medians of ROUNDS (default 11) rounds and the ratio ours / ERTS (lower is better).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErlFloat, ErlMap, ErlTuple, atom, buildLiteralModule, decodeEtf, encodeEtf, readBeam } from '../dist/index.js';

const rounds = Number(process.argv[2] ?? 11);
const root = spawnSync('erl', ['-noshell', '-eval', 'io:format("~s", [code:root_dir()]), halt().'], { encoding: 'utf8' }).stdout;
if (!root) {
  console.error('etf-codec bench: erl not found; nothing to compare with');
  process.exit(1);
}

const files = [];
const walk = (path) => {
  for (const name of readdirSync(path)) {
    const full = join(path, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (name.endsWith('.beam')) files.push(full);
  }
};
walk(root);

// Literal ETF byte strings, collected once (inflating is not what is measured here).
const otpLiterals = [];
for (const path of files) {
  const table = readBeam(new Uint8Array(readFileSync(path))).literals;
  if (table === null) continue;
  for (let i = 0; i < table.count; i++) otpLiterals.push(table.raw(i).slice());
}
const entries = [];
for (let i = 0; i < 200_000; i++) {
  const kind = i % 4;
  if (kind === 0) entries.push(new ErlTuple([atom('entry'), i, [i, i + 1]]));
  else if (kind === 1) entries.push(new TextEncoder().encode(`binary-${i}`));
  else if (kind === 2) entries.push(new ErlMap([[atom('id'), i], [atom('score'), new ErlFloat(i / 7)]]));
  else entries.push([atom('list'), BigInt(i) << 70n, 'text'.split('').map((c) => c.charCodeAt(0))]);
}
const syntheticTable = readBeam(buildLiteralModule({ name: 'etf_bench_literals', entries, version: 1 })).literals;
const syntheticLiterals = Array.from({ length: syntheticTable.count }, (_, i) => syntheticTable.raw(i).slice());

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Wall and CPU milliseconds of `work` (CPU: user + system of the whole process). */
function timed(work) {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const result = work();
  const used = process.cpuUsage(cpu);
  return { result, wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
}

function ours(literals) {
  const decode = { wall: [], cpu: [] };
  const encode = { wall: [], cpu: [] };
  for (let round = 0; round < rounds; round++) {
    const decoded = timed(() => literals.map((bytes) => decodeEtf(bytes)));
    decode.wall.push(decoded.wall);
    decode.cpu.push(decoded.cpu);
    const encoded = timed(() => {
      for (const term of decoded.result) encodeEtf(term, { minorVersion: 2, deterministic: true });
    });
    encode.wall.push(encoded.wall);
    encode.cpu.push(encoded.cpu);
  }
  return {
    decode: { wall: median(decode.wall), cpu: median(decode.cpu) },
    encode: { wall: median(encode.wall), cpu: median(encode.cpu) },
  };
}

function erts(literals) {
  const directory = mkdtempSync(join(tmpdir(), 'etf-bench-'));
  try {
    const input = join(directory, 'literals.bin');
    // u32 length-prefixed ETF strings.
    const parts = [];
    for (const bytes of literals) {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      parts.push(length, bytes);
    }
    writeFileSync(input, Buffer.concat(parts));
    // A compiled module, so that ERTS's loop is not run by the erl_eval interpreter.
    const module = `-module(etf_codec_bench).
-export([run/2]).
run(Path, Rounds) ->
    {ok, Data} = file:read_file(Path),
    Bins = split(Data, []),
    Results = [measure(Bins) || _ <- lists:seq(1, Rounds)],
    io:format("~p ~p ~p ~p", [median([element(I, R) || R <- Results]) || I <- [1, 2, 3, 4]]).
%% Wall time in ms (timer:tc) and CPU time in ms (statistics(runtime), all schedulers).
measure(Bins) ->
    {_, _} = erlang:statistics(runtime),
    {TD, Terms} = timer:tc(fun() -> [binary_to_term(B) || B <- Bins] end),
    {_, CD} = erlang:statistics(runtime),
    {TE, _} = timer:tc(fun() -> [term_to_binary(T, [{minor_version, 2}, deterministic]) || T <- Terms] end),
    {_, CE} = erlang:statistics(runtime),
    {TD / 1000, CD, TE / 1000, CE}.
split(<<L:32, B:L/binary, Rest/binary>>, Acc) -> split(Rest, [B | Acc]);
split(<<>>, Acc) -> lists:reverse(Acc).
median(Ts) -> lists:nth(length(Ts) div 2 + 1, lists:sort(Ts)).
`;
    writeFileSync(join(directory, 'etf_codec_bench.erl'), module);
    spawnSync('erlc', ['-o', directory, join(directory, 'etf_codec_bench.erl')], { stdio: 'inherit' });
    const out = spawnSync(
      'erl',
      ['-noshell', '-pa', directory, '-eval', `etf_codec_bench:run("${input}", ${rounds}), halt().`],
      { encoding: 'utf8' },
    ).stdout.trim().split(' ').map(Number);
    return { decode: { wall: out[0], cpu: out[1] }, encode: { wall: out[2], cpu: out[3] } };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function report(label, literals) {
  const totalBytes = literals.reduce((sum, bytes) => sum + bytes.length, 0);
  const mine = ours(literals);
  const theirs = erts(literals);
  const mb = totalBytes / 1e6;
  console.log(`etf-codec ${label}: ${literals.length} literals, ${mb.toFixed(2)} MB of ETF, median of ${rounds}`);
  for (const [name, reference] of [['decode', 'binary_to_term'], ['encode', 'term_to_binary']]) {
    const a = mine[name];
    const b = theirs[name];
    console.log(
      `  ${name}: ours ${a.wall.toFixed(1)} ms wall / ${a.cpu.toFixed(1)} ms CPU (${(mb / (a.wall / 1000)).toFixed(0)} MB/s), ` +
        `ERTS ${reference} ${b.wall.toFixed(1)} ms wall / ${b.cpu.toFixed(1)} ms CPU; ` +
        `ratio ours/ERTS ${(a.wall / b.wall).toFixed(2)} wall, ${(a.cpu / b.cpu).toFixed(2)} CPU`,
    );
  }
}

report(`(LitT of ${files.length} OTP .beam files)`, otpLiterals);
report('(LitT of a synthetic 200,000-entry module)', syntheticLiterals);
