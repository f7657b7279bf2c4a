/** Hand-building bytes for tests: big-endian words, chunks and FOR1 containers. */
export function u16(value: number): number[] {
  return [(value >>> 8) & 0xff, value & 0xff];
}

export function u32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

export function i64(value: bigint): number[] {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, value);
  return Array.from(bytes);
}

export function ascii(text: string): number[] {
  return Array.from(text, (character) => character.charCodeAt(0));
}

export function utf8(text: string): number[] {
  return Array.from(new TextEncoder().encode(text));
}

export interface TestChunk {
  id: string;
  data: number[] | Uint8Array;
}

/** One chunk: id, u32 size, data, zero padding to 4 bytes. */
export function chunkBytes(chunk: TestChunk): number[] {
  const data = Array.from(chunk.data);
  const padding = (4 - (data.length % 4)) % 4;
  return [...ascii(chunk.id), ...u32(data.length), ...data, ...new Array<number>(padding).fill(0)];
}

export function beamBytes(chunks: TestChunk[]): Uint8Array {
  const body = [...ascii('BEAM'), ...chunks.flatMap(chunkBytes)];
  return new Uint8Array([...ascii('FOR1'), ...u32(body.length), ...body]);
}

/** AtU8 with the short (count >= 0) layout. */
export function atomChunk(names: string[]): TestChunk {
  return { id: 'AtU8', data: [...u32(names.length), ...names.flatMap((name) => [utf8(name).length, ...utf8(name)])] };
}

/** Code chunk: 16-byte header then the given instruction bytes. */
export function codeChunk(instructions: number[], labelCount: number, functionCount: number, maxOpcode = 178): TestChunk {
  return { id: 'Code', data: [...u32(16), ...u32(0), ...u32(maxOpcode), ...u32(labelCount), ...u32(functionCount), ...instructions] };
}

/** ImpT / ExpT / LocT: u32 N then N x 3 u32. */
export function tripleChunk(id: string, entries: Array<[number, number, number]>): TestChunk {
  return { id, data: [...u32(entries.length), ...entries.flatMap(([a, b, c]) => [...u32(a), ...u32(b), ...u32(c)])] };
}
