// A slice executor for the scheduler tests: instead of interpreting BEAM code, each
// process runs one of the small JS programs below, chosen by its initial function name.
// They use exactly the contract the interpreter uses (process.ts): x registers, pc,
// ensureHeap, the mailbox operations, the SLICE_* outcomes and the process services,
// so the schedulers, run queues, signals, timers and GC are exercised for real.
import {
  HEADER_TUPLE,
  NIL,
  THE_NON_VALUE,
  isSmall,
  makeAtom,
  makeBoxed,
  makeHeader,
  makeList,
  makeSmall,
  smallValue,
  pointerIndex,
  isList,
  isBoxed,
} from '@beamload/terms';

const SLICE_YIELDED = 0;
const SLICE_WAITING = 1;
const SLICE_EXITED = 2;
const SLICE_TRAPPED = 3;
const PC_START = -1;

export function createSliceExecutor(environment) {
  const atoms = environment.atoms;
  const atom = (name) => makeAtom(atoms.intern(name));
  const NORMAL = atom('normal');
  const OK = atom('ok');
  const TIMEOUT = atom('timeout');
  const nameOf = (word) => atoms.nameOf(word >>> 6);
  const services = environment.services;

  const tuple = (context, elements) => {
    context.ensureHeap(elements.length + 1, context.arity);
    const at = context.heapTop;
    const words = context.words;
    words[at] = makeHeader(HEADER_TUPLE, elements.length);
    for (let i = 0; i < elements.length; i++) words[at + 1 + i] = elements[i];
    context.heapTop += elements.length + 1;
    return makeBoxed(at);
  };
  const element = (context, term, index) => context.words[pointerIndex(term) + 1 + index];
  const finish = (context, value) => {
    context.x[0] = value;
    context.arity = 1;
    context.exitReason = NORMAL;
    return SLICE_EXITED;
  };
  const busyUntil = (deadline) => {
    let spins = 0;
    while (performance.now() < deadline) spins++;
    return spins;
  };

  const programs = {
    // spin(Ms): one slice that does not yield for Ms milliseconds (a long BIF, say).
    spin(context) {
      const ms = smallValue(context.x[0]);
      busyUntil(performance.now() + ms);
      context.reductionsUsed = 4000;
      return finish(context, context.x[0]);
    },
    // slices(N, MsPerSlice): N slices of MsPerSlice busy milliseconds each, yielding between them.
    slices(context, budget) {
      const left = smallValue(context.x[0]);
      const msPerSlice = context.arity > 1 ? smallValue(context.x[1]) : 0;
      if (msPerSlice > 0) busyUntil(performance.now() + msPerSlice);
      context.reductionsUsed = budget;
      if (left <= 1) return finish(context, makeSmall(context.process.reductions + budget));
      context.x[0] = makeSmall(left - 1);
      context.pc = 0;
      return SLICE_YIELDED;
    },
    noop(context) {
      context.reductionsUsed = 1;
      return finish(context, OK);
    },
    // echo(): returns the first message it receives.
    echo(context) {
      const message = context.peekMessage();
      if (message === THE_NON_VALUE) {
        context.pc = 0;
        context.arity = 0;
        context.waitTimeout = -1;
        return SLICE_WAITING;
      }
      context.removeMessage();
      return finish(context, message);
    },
    // wait_for(Ms): receive anything or 'timeout' after Ms.
    wait_for(context) {
      const message = context.peekMessage();
      if (message !== THE_NON_VALUE) {
        context.removeMessage();
        return finish(context, message);
      }
      if (context.receiveTimedOut()) {
        context.timeoutReceive();
        return finish(context, TIMEOUT);
      }
      context.pc = 0;
      context.arity = 1;
      context.waitTimeout = smallValue(context.x[0]);
      return SLICE_WAITING;
    },
    // collect(Senders, PerSender): receives {Sender, Seq} messages, checks per-sender
    // order, returns the number received, or {out_of_order, Sender, Expected, Got}.
    collect(context) {
      const senders = smallValue(context.x[0]);
      const perSender = smallValue(context.x[1]);
      // Next expected sequence per sender lives in a heap tuple x2 (rebuilt on first run).
      if (context.pc === PC_START) {
        const zeros = new Array(senders).fill(makeSmall(0));
        context.arity = 2;
        context.x[2] = tuple(context, zeros);
        context.x[3] = makeSmall(0);
        context.pc = 0;
      }
      context.arity = 4;
      let received = smallValue(context.x[3]);
      for (;;) {
        if (received === senders * perSender) return finish(context, makeSmall(received));
        const message = context.peekMessage();
        if (message === THE_NON_VALUE) {
          context.x[3] = makeSmall(received);
          context.waitTimeout = -1;
          return SLICE_WAITING;
        }
        context.removeMessage();
        const sender = smallValue(element(context, message, 0));
        const sequence = smallValue(element(context, message, 1));
        const expectedAt = pointerIndex(context.x[2]) + 1 + sender;
        const expected = smallValue(context.words[expectedAt]);
        if (sequence !== expected) {
          context.arity = 4;
          return finish(context, tuple(context, [atom('out_of_order'), makeSmall(sender), makeSmall(expected), makeSmall(sequence)]));
        }
        context.words[expectedAt] = makeSmall(expected + 1);
        received++;
        context.reductionsUsed++;
      }
    },
    // send_seq(Target, Id, N): sends {Id, 0..N-1} to Target, yielding every 500 sends.
    send_seq(context) {
      if (context.pc === PC_START) {
        context.x[3] = makeSmall(0);
        context.pc = 0;
      }
      const target = context.x[0];
      const id = context.x[1];
      const count = smallValue(context.x[2]);
      let next = smallValue(context.x[3]);
      context.arity = 4;
      for (let sent = 0; sent < 500 && next < count; sent++, next++) {
        const message = tuple(context, [id, makeSmall(next)]);
        services.send(context, target, message);
      }
      context.x[3] = makeSmall(next);
      context.reductionsUsed = 500;
      if (next >= count) return finish(context, OK);
      return SLICE_YIELDED;
    },
    // spawn_many(N): spawns N noop processes, yielding every 1000.
    spawn_many(context) {
      if (context.pc === PC_START) {
        context.x[1] = makeSmall(0);
        context.pc = 0;
      }
      const total = smallValue(context.x[0]);
      let done = smallValue(context.x[1]);
      for (let i = 0; i < 1000 && done < total; i++, done++) {
        services.spawn(context, atom('test'), atom('noop'), []);
      }
      context.x[1] = makeSmall(done);
      context.arity = 2;
      context.reductionsUsed = 1000;
      if (done >= total) return finish(context, makeSmall(done));
      return SLICE_YIELDED;
    },
    // churn(N, Keep): allocates N tuples keeping the last Keep in a list (GC pressure); returns the kept list's length.
    churn(context) {
      if (context.pc === PC_START) {
        context.x[2] = NIL;
        context.x[3] = makeSmall(0);
        context.pc = 0;
      }
      const total = smallValue(context.x[0]);
      const keep = smallValue(context.x[1]);
      let made = smallValue(context.x[3]);
      for (let i = 0; i < 2000 && made < total; i++, made++) {
        context.ensureHeap(3 + 2, 4);
        const words = context.words;
        const at = context.heapTop;
        words[at] = makeHeader(HEADER_TUPLE, 2);
        words[at + 1] = makeSmall(made);
        words[at + 2] = makeSmall(made * 2);
        words[at + 3] = makeBoxed(at);
        words[at + 4] = made % keep === 0 ? NIL : context.x[2];
        context.heapTop += 5;
        context.x[2] = makeList(at + 3);
      }
      context.x[3] = makeSmall(made);
      context.arity = 4;
      context.reductionsUsed = 2000;
      if (made < total) return SLICE_YIELDED;
      // Walk the kept list and check every element survived collection intact.
      let length = 0;
      let cursor = context.x[2];
      const words = context.words;
      while (isList(cursor)) {
        const head = words[pointerIndex(cursor)];
        if (!isBoxed(head)) return finish(context, atom('corrupt'));
        const tupleAt = pointerIndex(head);
        if (smallValue(words[tupleAt + 2]) !== smallValue(words[tupleAt + 1]) * 2) return finish(context, atom('corrupt'));
        length++;
        cursor = words[pointerIndex(cursor) + 1];
      }
      return finish(context, makeSmall(length));
    },
    // hold_permission(HoldMs): takes the code-write permission as a strategy would
    // (suspending the process while another holds it), holds it HoldMs busy, releases.
    // Returns when it acquired it, in 0.1 ms units on the clock all threads share (modulo 2^26).
    hold_permission(context) {
      const hold = smallValue(context.x[0]);
      const system = environment.system;
      const task = (function* () {
        yield { kind: 'permission' };
        if (!system.holdsPermission()) throw new Error('permission not held after the wait');
        const acquired = makeSmall(Math.floor((performance.timeOrigin + performance.now()) * 10) % 2 ** 26);
        busyUntil(performance.now() + hold);
        system.releasePermission();
        return acquired;
      })();
      context.trap = { kind: 'system-task', task };
      context.pc = 0;
      context.arity = 0;
      return SLICE_TRAPPED;
    },
    // thread_progress(): waits for thread progress as the epoch strategy does; returns the ms waited.
    thread_progress(context) {
      const system = environment.system;
      const started = performance.now();
      const task = (function* () {
        const after = system.threadProgressStamp();
        yield { kind: 'thread-progress', after };
        return makeSmall(Math.round(performance.now() - started));
      })();
      context.trap = { kind: 'system-task', task };
      context.pc = 0;
      context.arity = 0;
      return SLICE_TRAPPED;
    },
    // block_system(HoldMs): blocks the system from a process (block strategy), holds it, releases.
    // Returns the ms the block took to get every other scheduler parked.
    block_system(context) {
      const system = environment.system;
      const hold = smallValue(context.x[0]);
      let started = 0;
      const task = (function* () {
        started = performance.now();
        yield { kind: 'block-system' };
        const waited = performance.now() - started;
        if (!system.holdsSystemBlock()) throw new Error('block not held after the wait');
        busyUntil(performance.now() + hold);
        system.releaseSystem();
        return makeSmall(Math.round(waited));
      })();
      context.trap = { kind: 'system-task', task };
      context.pc = 0;
      context.arity = 0;
      return SLICE_TRAPPED;
    },
    // exit_with(Reason): ends with that exit reason.
    exit_with(context) {
      context.exitReason = context.x[0];
      return SLICE_EXITED;
    },
    // linked_crash(Trap, Reason): spawn_link a child that exits with Reason; with Trap the
    // parent gets {'EXIT', Child, Reason} as a message (returned), else it dies of it.
    linked_crash(context) {
      if (context.pc === PC_START) {
        if (context.x[0] === atom('true')) services.setTrapExit(context, true);
        services.spawn(context, atom('test'), atom('exit_with'), [context.x[1]], { link: true });
        context.pc = 0;
      }
      return programs.echo(context);
    },
    // monitored_crash(Reason): spawn_monitor a child that exits with Reason; returns the 'DOWN' message.
    monitored_crash(context) {
      if (context.pc === PC_START) {
        context.ensureHeap(4, context.arity);
        const at = context.heapTop;
        context.heapTop += 4;
        const numbers = services.newRefNumbers();
        services.writeRef(at, numbers);
        services.spawn(context, atom('test'), atom('exit_with'), [context.x[0]], { monitor: true }, numbers);
        context.pc = 0;
      }
      return programs.echo(context);
    },
    // monitor_dead(): monitors a pid that no longer exists: 'DOWN' with noproc at once.
    monitor_dead(context) {
      if (context.pc === PC_START) {
        const numbers = services.newRefNumbers();
        services.monitor(context, context.x[0], numbers);
        context.pc = 0;
      }
      return programs.echo(context);
    },
    // register_and_echo(Name): registers itself, then echoes.
    register_and_echo(context) {
      if (context.pc === PC_START) {
        if (!services.register(context, context.x[0], context.process.pid)) return finish(context, atom('register_failed'));
        context.pc = 0;
      }
      return programs.echo(context);
    },
    // send_to(Dest, Msg): sends Msg to a pid or registered name.
    send_to(context) {
      const to = services.resolve(context.x[0]);
      if (to === 0) return finish(context, atom('badarg'));
      services.send(context, to, context.x[1]);
      return finish(context, OK);
    },
    // send_after(Ms, Msg): sends itself Msg after Ms via a timer and returns what it receives.
    send_after_self(context) {
      if (context.pc === PC_START) {
        services.timers.start(context.process.pid, context.process.pid, smallValue(context.x[0]), context.x[1], null);
        context.pc = 0;
      }
      return programs.echo(context);
    },
    // cancelled_timer(Ms): starts a timer, cancels it, then waits 2*Ms: expects 'timeout'.
    cancelled_timer(context) {
      if (context.pc === PC_START) {
        const ms = smallValue(context.x[0]);
        const [slot, serial] = services.timers.start(context.process.pid, context.process.pid, ms, OK, null);
        const left = services.timers.remaining([slot, serial, 0x54494d], true);
        if (left < 0) return finish(context, atom('not_cancelled'));
        context.x[0] = makeSmall(ms * 2);
        context.pc = 0;
      }
      return programs.wait_for(context);
    },
    // crash(): the executor throws, as a broken interpreter would.
    crash() {
      throw new Error('deliberate executor failure');
    },
    // trap_exit_then_echo(): process_flag(trap_exit, true), then echo.
    trap_exit_echo(context) {
      services.setTrapExit(context, true);
      return programs.echo(context);
    },
  };

  return {
    executeSlice(context, budget) {
      const name = nameOf(context.process.get(19 /* PCB_CURRENT_FUNCTION */));
      if (context.pc === 0 && (name === 'hold_permission' || name === 'thread_progress' || name === 'block_system')) {
        // Back from the system task: x0 holds its result.
        return finish(context, context.x[0]);
      }
      const program = programs[name];
      if (program === undefined) throw new Error(`no test program ${name}`);
      return program(context, budget);
    },
  };
}

export { SLICE_TRAPPED, isSmall };
