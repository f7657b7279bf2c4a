#!/usr/bin/env node
/**
 * beamload run [--schedulers N] [--path DIR]... [--strategy S] [--no-otp] MODULE [FUNCTION [ARG...]]
 *
 * Runs MODULE:FUNCTION(ARG...) (FUNCTION defaults to `start`; ARGs are Erlang terms) in a
 * fresh process on a new runtime, prints the value as io:format("~w~n") would and exits
 * 0; an uncaught exception prints its class, reason and stack trace to stderr, exit 1.
 * MODULE is loaded from the code path (the --path directories, the current directory,
 * then OTP's stdlib when installed, unless --no-otp); every other module is loaded when
 * first called, through the runtime's error_handler, as `erl -pa` does.
 */

import { Runtime } from '../host/runtime.js';
import { isLoadStrategyName, type LoadStrategyName } from '../host/load-strategy-choice.js';
import { parseErlangTerm } from './erlang-term-parser.js';
import { otpStdlibEbin } from './otp-code-path.js';
import { ErlTuple, type Term } from '@beamload/beam-format';

const USAGE = 'usage: beamload run [--schedulers N] [--path DIR]... [--strategy block|split|epoch|epoch-inline] [--no-otp] MODULE [FUNCTION [ARG...]]';

interface RunCommand {
  schedulers?: number;
  paths: string[];
  strategy?: LoadStrategyName;
  otp: boolean;
  module: string;
  functionName: string;
  args: Term[];
}

class UsageError extends Error {}

function parseCommand(argv: readonly string[]): RunCommand {
  if (argv[0] !== 'run') throw new UsageError(argv.length === 0 ? USAGE : `unknown command '${argv[0]}'\n${USAGE}`);
  const command: RunCommand = { paths: [], otp: true, module: '', functionName: 'start', args: [] };
  const rest: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (rest.length === 0 && arg.startsWith('--')) {
      const value = (): string => {
        const next = argv[++i];
        if (next === undefined) throw new UsageError(`${arg} needs a value\n${USAGE}`);
        return next;
      };
      if (arg === '--schedulers') {
        const count = Number(value());
        if (!Number.isInteger(count) || count < 1) throw new UsageError(`--schedulers takes a positive integer\n${USAGE}`);
        command.schedulers = count;
      } else if (arg === '--path') command.paths.push(value());
      else if (arg === '--strategy') {
        const name = value();
        if (!isLoadStrategyName(name)) throw new UsageError(`unknown strategy '${name}'\n${USAGE}`);
        command.strategy = name;
      } else if (arg === '--no-otp') command.otp = false;
      else throw new UsageError(`unknown option ${arg}\n${USAGE}`);
      continue;
    }
    rest.push(arg);
  }
  if (rest.length === 0) throw new UsageError(`MODULE is missing\n${USAGE}`);
  command.module = rest[0];
  if (rest.length > 1) command.functionName = rest[1];
  command.args = rest.slice(2).map((text) => parseErlangTerm(text));
  return command;
}

function formatFrame(runtime: Runtime, frame: Term): string {
  if (!(frame instanceof ErlTuple) || frame.elements.length !== 4) return `   ${runtime.formatValue(frame)}`;
  const [module, fn, arityOrArgs, location] = frame.elements;
  const callee = Array.isArray(arityOrArgs)
    ? `${runtime.formatValue(module)}:${runtime.formatValue(fn)}(${arityOrArgs.map((arg) => runtime.formatValue(arg)).join(',')})`
    : `${runtime.formatValue(module)}:${runtime.formatValue(fn)}/${runtime.formatValue(arityOrArgs)}`;
  let where = '';
  if (Array.isArray(location)) {
    const props = new Map<string, Term>();
    for (const prop of location) if (prop instanceof ErlTuple && prop.elements.length === 2) props.set(String(prop.elements[0]), prop.elements[1]);
    const file = props.get('file');
    const line = props.get('line');
    if (file !== undefined && line !== undefined) {
      const name = Array.isArray(file) ? String.fromCodePoint(...(file as number[])) : runtime.formatValue(file);
      where = ` (${name}, line ${runtime.formatValue(line)})`;
    }
  }
  return `   in ${callee}${where}`;
}

async function main(argv: readonly string[]): Promise<number> {
  let command: RunCommand;
  try {
    command = parseCommand(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const codePath = [...command.paths, process.cwd()];
  const otp = command.otp ? otpStdlibEbin() : null;
  if (otp !== null) codePath.push(otp);
  const runtime = await Runtime.start({ schedulers: command.schedulers, codePath, loadStrategy: command.strategy });
  try {
    await runtime.ensureLoaded(command.module);
    const outcome = await runtime.callOutcome(command.module, command.functionName, command.args);
    if (outcome.ok) {
      process.stdout.write(`${runtime.formatValue(outcome.value)}\n`);
      return 0;
    }
    const lines = [`** exception ${runtime.formatValue(outcome.class)}: ${runtime.formatValue(outcome.reason)}`];
    if (Array.isArray(outcome.stacktrace)) for (const frame of outcome.stacktrace) lines.push(formatFrame(runtime, frame));
    process.stderr.write(`${lines.join('\n')}\n`);
    return 1;
  } catch (error) {
    process.stderr.write(`beamload: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await runtime.stop();
  }
}

process.exitCode = await main(process.argv.slice(2));
