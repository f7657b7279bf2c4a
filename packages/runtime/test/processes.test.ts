import { describe, expect, it } from 'vitest';
import { Runtime } from '@beamload/runtime';
import { ErlPid, ErlTuple, ErlRef, atom } from '@beamload/beam-format';

const programs = new URL('./executors/programs.mjs', import.meta.url);

async function withRuntime<T>(schedulers: number, body: (runtime: Runtime) => Promise<T>, gcTorture = false): Promise<T> {
  const runtime = await Runtime.start({ schedulers, executorModule: programs, gcTorture });
  try {
    return await body(runtime);
  } finally {
    expect(await runtime.stop()).toBe(0);
    expect(runtime.exitedSchedulers).toBe(schedulers);
  }
}

function pidValue(runtime: Runtime, pid: number): ErlPid {
  const number = (pid >>> 4) & 0x7fff;
  const serial = pid >>> 19;
  return new ErlPid(atom('nonode@nohost'), number, serial, 0);
}

describe('message passing across schedulers', () => {
  for (const schedulers of [1, 2]) {
    it(`a storm of 8 senders x 5000 messages: nothing lost, per-sender order kept (${schedulers} schedulers)`, async () => {
      await withRuntime(schedulers, async (runtime) => {
        const senders = 8;
        const perSender = 5000;
        const collector = runtime.callOutcome('test', 'collect', [senders, perSender]);
        // The collector is the most recent process: find its pid from the table (spawned first).
        const collectorPid = runtime.lastSpawnedPid;
        const sends = Array.from({ length: senders }, (_, id) => runtime.call('test', 'send_seq', [pidValue(runtime, collectorPid), id, perSender]));
        await Promise.all(sends);
        const outcome = await collector;
        expect(outcome).toEqual({ ok: true, value: senders * perSender });
      });
    });
  }

  it('spawns and exits 100,000 processes with every slot reclaimed', async () => {
    await withRuntime(2, async (runtime) => {
      const spawned = await Promise.all([runtime.call('test', 'spawn_many', [50_000]), runtime.call('test', 'spawn_many', [50_000])]);
      expect(spawned).toEqual([50_000, 50_000]);
      expect(await runtime.waitForIdle()).toBe(true);
      const stats = runtime.statistics();
      expect(stats.spawned).toBeGreaterThanOrEqual(100_002);
      expect(stats.liveProcesses).toBe(0);
    });
  });
});

describe('garbage collection', () => {
  for (const gcTorture of [false, true]) {
    it(`keeps live data intact while heaps grow and shrink${gcTorture ? ' (GC torture)' : ''}`, async () => {
      await withRuntime(
        2,
        async (runtime) => {
          const runs: Array<[number, number]> = gcTorture ? [[3000, 1000], [3000, 77]] : [[200_000, 1000], [100_000, 77]];
          const results = await Promise.all(runs.map(([total, keep]) => runtime.call('test', 'churn', [total, keep])));
          // The kept list restarts at every multiple of Keep: it ends with ((Total - 1) mod Keep) + 1 elements.
          expect(results).toEqual(runs.map(([total, keep]) => ((total - 1) % keep) + 1));
          // Every heap and fragment went back to the arena once the processes are gone.
          expect(await runtime.waitForIdle()).toBe(true);
          const stats = runtime.arena.stats();
          expect(stats.bytesInUseByKind.heap).toBe(0);
          expect(stats.bytesInUseByKind.message).toBe(0);
        },
        gcTorture,
      );
    });
  }
});

describe('links, monitors, names, timers', () => {
  it('a linked crash kills a process that does not trap exits', async () => {
    await withRuntime(2, async (runtime) => {
      const outcome = await runtime.callOutcome('test', 'linked_crash', [atom('false'), atom('boom')]);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.reason).toBe(atom('boom'));
    });
  });

  it('trap_exit turns the exit signal into an {EXIT, Pid, Reason} message', async () => {
    await withRuntime(2, async (runtime) => {
      const message = (await runtime.call('test', 'linked_crash', [atom('true'), atom('boom')])) as ErlTuple;
      expect(message.elements[0]).toBe(atom('EXIT'));
      expect(message.elements[1]).toBeInstanceOf(ErlPid);
      expect(message.elements[2]).toBe(atom('boom'));
    });
  });

  it('a normal exit of a linked process is ignored', async () => {
    await withRuntime(1, async (runtime) => {
      const outcome = runtime.callOutcome('test', 'linked_crash', [atom('false'), atom('normal')]);
      // The parent is still alive and echoing: send it something.
      await new Promise((resolve) => setTimeout(resolve, 30));
      const parent = runtime.lastSpawnedPid;
      void parent;
      const done = await Promise.race([outcome, new Promise((resolve) => setTimeout(() => resolve('alive'), 100))]);
      expect(done).toBe('alive');
    });
  });

  it("spawn_monitor delivers {'DOWN', Ref, process, Pid, Reason}", async () => {
    await withRuntime(2, async (runtime) => {
      const message = (await runtime.call('test', 'monitored_crash', [atom('boom')])) as ErlTuple;
      expect(message.elements[0]).toBe(atom('DOWN'));
      expect(message.elements[1]).toBeInstanceOf(ErlRef);
      expect(message.elements[2]).toBe(atom('process'));
      expect(message.elements[3]).toBeInstanceOf(ErlPid);
      expect(message.elements[4]).toBe(atom('boom'));
    });
  });

  it('monitoring a dead pid gives DOWN with noproc', async () => {
    await withRuntime(1, async (runtime) => {
      await runtime.call('test', 'noop', []);
      const dead = pidValue(runtime, runtime.lastSpawnedPid);
      const message = (await runtime.call('test', 'monitor_dead', [dead])) as ErlTuple;
      expect(message.elements[0]).toBe(atom('DOWN'));
      expect(message.elements[4]).toBe(atom('noproc'));
    });
  });

  it('sends to a registered name; the name goes away with the process', async () => {
    await withRuntime(2, async (runtime) => {
      const echo = runtime.call('test', 'register_and_echo', [atom('echo_server')]);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(await runtime.call('test', 'send_to', [atom('echo_server'), 42])).toBe(atom('ok'));
      expect(await echo).toBe(42);
      expect(await runtime.call('test', 'send_to', [atom('echo_server'), 43])).toBe(atom('badarg'));
    });
  });

  it('receive ... after times out; a message arriving first wins', async () => {
    await withRuntime(2, async (runtime) => {
      const started = performance.now();
      expect(await runtime.call('test', 'wait_for', [50])).toBe(atom('timeout'));
      expect(performance.now() - started).toBeGreaterThanOrEqual(45);
      expect(await runtime.call('test', 'send_after_self', [30, 7])).toBe(7);
      expect(await runtime.call('test', 'cancelled_timer', [20])).toBe(atom('timeout'));
    });
  });
});
