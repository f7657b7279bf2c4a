/**
 * The receive-marker optimisation itself, counted rather than timed: with 10,000
 * unrelated messages in the caller's queue, a call-like round trip (make_ref, send,
 * receive {Ref, Reply}) looks at O(1) messages when the markers are used, and at every
 * queued message when they are not (the same source compiled with +r23, which emits no
 * markers, and a receive that matches the reply without the ref). The count is the
 * caller's PCB_MESSAGES_EXAMINED, read by the fixture through our own process_info item
 * beamload_messages_examined. Whether each receive takes the right message is the
 * differential corpus's job (programs/q032_receive_markers.erl, also as +r22/+r24).
 * OTP 25's erlc no longer writes OTP 21-23's recv_mark/recv_set, so the last case puts
 * them into the +r23 build by hand, where OTP 23's compiler put them.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atom, encodeCodeChunk, readBeam, writeBeam, type EncodableInstruction } from '@beamload/beam-format';
import { Runtime } from '@beamload/runtime';
import { erlInstalled, stdlibCodePath } from './erl-oracle.js';

const fixtures = fileURLToPath(new URL('./process-fixtures', import.meta.url));
const stdlib = stdlibCodePath;

const UNRELATED = 10_000;
const CALLS = 1_000;
/** Scanning 10,000 messages per call is slow here: fewer calls show it as well. */
const SCANNING_CALLS = 100;

interface RoundTrips {
  examined: number;
  queueLength: number;
  sum: number;
}

async function roundTrips(runtime: Runtime, calls: number, kind: 'ref' | 'other'): Promise<RoundTrips> {
  const value = (await runtime.call('receive_markers', 'round_trips', [UNRELATED, calls, atom(kind)])) as { elements: number[] };
  const [examined, queueLength, sum] = value.elements;
  return { examined, queueLength, sum };
}

for (const [build, codePath] of [
  ['erlc (markers)', [fixtures]],
  ['erlc +r23 (no markers)', [join(fixtures, 'r23'), fixtures]],
] as const) {
  describe.skipIf(!erlInstalled)(`receive markers, receive_markers.beam built by ${build}`, () => {
    let runtime: Runtime;
    beforeAll(async () => {
      runtime = await Runtime.start({ schedulers: 2, codePath: [...codePath, ...stdlib], onOutput: () => {} });
      await runtime.ensureLoadedWithImports('receive_markers');
    });
    afterAll(async () => {
      expect(await runtime.stop()).toBe(0);
    });

    if (build === 'erlc (markers)') {
      it(`${CALLS} round trips past ${UNRELATED} queued messages look at one message each`, { timeout: 120_000 }, async () => {
        const result = await roundTrips(runtime, CALLS, 'ref');
        expect(result.sum).toBe((CALLS * (CALLS + 1)) / 2);
        expect(result.queueLength).toBe(UNRELATED);
        // Each receive looks at its reply; a wake-up before the reply arrived looks at nothing.
        expect(result.examined).toBe(CALLS);
      });
    } else {
      it(`${SCANNING_CALLS} round trips past ${UNRELATED} queued messages look at all of them each`, { timeout: 120_000 }, async () => {
        const result = await roundTrips(runtime, SCANNING_CALLS, 'ref');
        expect(result.sum).toBe((SCANNING_CALLS * (SCANNING_CALLS + 1)) / 2);
        expect(result.queueLength).toBe(UNRELATED);
        expect(result.examined).toBe(SCANNING_CALLS * (UNRELATED + 1));
      });
    }

    it(`a reply matched without the ref: ${SCANNING_CALLS} round trips look at every queued message each`, { timeout: 120_000 }, async () => {
      const result = await roundTrips(runtime, SCANNING_CALLS, 'other');
      expect(result.sum).toBe((SCANNING_CALLS * (SCANNING_CALLS + 1)) / 2);
      expect(result.queueLength).toBe(UNRELATED);
      expect(result.examined).toBe(SCANNING_CALLS * (UNRELATED + 1));
    });
  });
}

/**
 * The +r23 build of receive_markers with recv_mark/recv_set where OTP 21-23's compiler put
 * them in call/2: `recv_mark L` before the make_ref call, `recv_set L` between the send
 * and the receive's label L.
 */
function withRecvMarkSet(): Uint8Array {
  const file = readBeam(readFileSync(join(fixtures, 'r23', 'receive_markers.beam')));
  const makeRef = file.imports.findIndex((entry) => entry.module === 'erlang' && entry.name === 'make_ref' && entry.arity === 0);
  const decoded = file.code.instructions;
  const call = decoded.findIndex((instruction) => instruction.name === 'call_ext' && instruction.operands[1].value === makeRef);
  const loop = decoded.findIndex((instruction, index) => index > call && instruction.name === 'loop_rec');
  const instructions: EncodableInstruction[] = [...decoded];
  const label = decoded[loop - 1];
  expect(label.opcode).toBe(1); // label L
  const target = { kind: 'f', value: Number(label.operands[0].value) } as const;
  instructions.splice(loop - 1, 0, { opcode: 151, operands: [target] }); // recv_set L
  instructions.splice(call, 0, { opcode: 150, operands: [target] }); // recv_mark L
  const code = encodeCodeChunk(file.code.header, instructions);
  return writeBeam(file.container.chunks.map((chunk) => ({ id: chunk.id, data: chunk.id === 'Code' ? code : chunk.data })));
}

describe.skipIf(!erlInstalled)('recv_mark/recv_set (OTP 21-23 code)', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await Runtime.start({ schedulers: 2, codePath: stdlib, onOutput: () => {} });
    await runtime.loadModule(withRecvMarkSet());
    await runtime.ensureLoadedWithImports('receive_markers');
  });
  afterAll(async () => {
    expect(await runtime.stop()).toBe(0);
  });

  it(`${CALLS} round trips past ${UNRELATED} queued messages look at one message each`, { timeout: 120_000 }, async () => {
    const result = await roundTrips(runtime, CALLS, 'ref');
    expect(result.sum).toBe((CALLS * (CALLS + 1)) / 2);
    expect(result.queueLength).toBe(UNRELATED);
    expect(result.examined).toBe(CALLS);
  });
});
