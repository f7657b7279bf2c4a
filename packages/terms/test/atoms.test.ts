import { describe, expect, it } from 'vitest';
import {
  ARENA_ROOT_ATOM_TABLE,
  ATOM_EXIT,
  ATOM_FALSE,
  ATOM_NONODE_AT_NOHOST,
  ATOM_OK,
  ATOM_TRUE,
  Arena,
  ArenaError,
  AtomError,
  AtomTable,
  PREDEFINED_ATOMS,
  atomIndex,
  makeAtom,
} from '../src/index.js';

function expectAtomError(action: () => unknown, code: string): AtomError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(AtomError);
    expect((error as AtomError).code).toBe(code);
    return error as AtomError;
  }
  throw new Error(`expected AtomError ${code}, nothing was thrown`);
}

describe('AtomTable', () => {
  it('holds the predefined atoms at their fixed indexes', () => {
    const atoms = AtomTable.create(Arena.create());
    expect(atoms.count).toBe(PREDEFINED_ATOMS.length);
    PREDEFINED_ATOMS.forEach((name, index) => {
      expect(atoms.lookup(name)).toBe(index);
      expect(atoms.nameOf(index)).toBe(name);
    });
    expect(atoms.nameOf(ATOM_FALSE)).toBe('false');
    expect(atoms.nameOf(ATOM_TRUE)).toBe('true');
    expect(atoms.nameOf(ATOM_OK)).toBe('ok');
    expect(atoms.nameOf(ATOM_EXIT)).toBe('EXIT');
    expect(atoms.nameOf(ATOM_NONODE_AT_NOHOST)).toBe('nonode@nohost');
  });

  it('interns once: the same name always gives the same index', () => {
    const atoms = AtomTable.create(Arena.create());
    const first = atoms.intern('hello');
    expect(atoms.intern('hello')).toBe(first);
    expect(atoms.lookup('hello')).toBe(first);
    expect(atoms.lookup('world')).toBeUndefined();
    const second = atoms.intern('world');
    expect(second).toBe(first + 1);
    expect(atoms.nameOf(second)).toBe('world');
    expect(atomIndex(makeAtom(second))).toBe(second);
  });

  it('stores Unicode names as UTF-8 and reads them back from another view', () => {
    const arena = Arena.create();
    const atoms = AtomTable.create(arena);
    const names = ['héllo', 'λx', '日本語', '😀smile', 'ÿ', 'Ω'.repeat(255), '𝄞'.repeat(255), 'a'.repeat(255)];
    const indexes = names.map((name) => atoms.intern(name));
    expect(new Set(indexes).size).toBe(names.length);
    // A second view (as another thread has) has no caches: it reads the shared table.
    const other = AtomTable.attach(Arena.attach(arena.buffer));
    names.forEach((name, i) => {
      expect(other.nameOf(indexes[i])).toBe(name);
      expect(other.lookup(name)).toBe(indexes[i]);
      expect(Buffer.from(other.utf8Of(indexes[i])).toString('utf8')).toBe(name);
    });
  });

  it('interns from UTF-8 and Latin-1 bytes to the same atoms as from strings', () => {
    const atoms = AtomTable.create(Arena.create());
    const latin = atoms.intern('smörgåsbord');
    expect(atoms.internUtf8(Buffer.from('smörgåsbord', 'utf8'))).toBe(latin);
    expect(atoms.internLatin1(Buffer.from('smörgåsbord', 'latin1'))).toBe(latin);
    const bytes = Buffer.from('xx日本xx', 'utf8');
    const japan = atoms.internUtf8(bytes, 2, bytes.length - 2);
    expect(atoms.nameOf(japan)).toBe('日本');
    expect(atoms.lookupUtf8(Buffer.from('日本'))).toBe(japan);
    expect(atoms.lookupUtf8(Buffer.from('nope'))).toBeUndefined();
    expect(atoms.internLatin1(new Uint8Array([0xff]))).toBe(atoms.intern('ÿ'));
  });

  it('attaches through the arena root slot', () => {
    const arena = Arena.create();
    const atoms = AtomTable.create(arena);
    expect(arena.root(ARENA_ROOT_ATOM_TABLE)).toBe(atoms.descriptor);
    const index = atoms.intern('shared');
    expect(AtomTable.attach(Arena.attach(arena.buffer)).lookup('shared')).toBe(index);
    expectAtomError(() => AtomTable.attach(arena, atoms.descriptor + 2), 'bad_descriptor');
    expectAtomError(() => AtomTable.attach(arena, -5), 'bad_descriptor');
  });

  it('grows its hash table past the first capacity without losing atoms', () => {
    const arena = Arena.create({ initialBytes: 64 * 1024 });
    const atoms = AtomTable.create(arena);
    const indexes = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) indexes.set(`atom_${i}`, atoms.intern(`atom_${i}`));
    expect(atoms.count).toBe(PREDEFINED_ATOMS.length + 20_000);
    expect(atoms.retiredWords).toBeGreaterThan(0);
    const fresh = AtomTable.attach(arena);
    for (const [name, index] of indexes) {
      expect(fresh.lookup(name)).toBe(index);
      expect(fresh.nameOf(index)).toBe(name);
    }
    expect(arena.stats().bytesInUseByKind.atom).toBe(arena.stats().bytesInUse);
    arena.verify();
  });
});

describe('AtomTable limits and errors', () => {
  it('refuses names over 255 characters, counting characters, not bytes', () => {
    const atoms = AtomTable.create(Arena.create());
    expectAtomError(() => atoms.intern('a'.repeat(256)), 'atom_too_long');
    expectAtomError(() => atoms.intern('日'.repeat(256)), 'atom_too_long');
    expectAtomError(() => atoms.intern('😀'.repeat(256)), 'atom_too_long');
    expectAtomError(() => atoms.intern('x'.repeat(10_000_000)), 'atom_too_long');
    expectAtomError(() => atoms.internUtf8(Buffer.from('é'.repeat(256))), 'atom_too_long');
    expectAtomError(() => atoms.internLatin1(new Uint8Array(256).fill(0x61)), 'atom_too_long');
    expectAtomError(() => atoms.lookup('b'.repeat(256)), 'atom_too_long');
    expect(atoms.nameOf(atoms.intern('日'.repeat(255)))).toBe('日'.repeat(255));
  });

  it('refuses names that are not Unicode code points', () => {
    const atoms = AtomTable.create(Arena.create());
    expect(expectAtomError(() => atoms.intern('ab\ud800'), 'invalid_name').offset).toBe(2);
    expectAtomError(() => atoms.intern('\udc00x'), 'invalid_name');
    expectAtomError(() => atoms.internUtf8(new Uint8Array([0x61, 0xff])), 'invalid_name');
    expectAtomError(() => atoms.internUtf8(new Uint8Array([0xc0, 0x80])), 'invalid_name'); // overlong NUL
    expectAtomError(() => atoms.internUtf8(new Uint8Array([0xed, 0xa0, 0x80])), 'invalid_name'); // surrogate
    expectAtomError(() => atoms.internUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80])), 'invalid_name'); // > U+10FFFF
    expectAtomError(() => atoms.internUtf8(new Uint8Array([0xe6, 0x97])), 'invalid_name'); // cut short
  });

  it('raises system_limit at the configured maximum and stays usable', () => {
    const maxAtoms = PREDEFINED_ATOMS.length + 100;
    const atoms = AtomTable.create(Arena.create(), { maxAtoms });
    for (let i = 0; i < 100; i++) atoms.intern(`a${i}`);
    expect(atoms.count).toBe(maxAtoms);
    expect(expectAtomError(() => atoms.intern('one_too_many'), 'system_limit').offset).toBe(maxAtoms);
    expect(atoms.count).toBe(maxAtoms);
    expect(atoms.intern('a42')).toBe(PREDEFINED_ATOMS.length + 42);
    expect(atoms.lookup('one_too_many')).toBeUndefined();
  });

  it("defaults to OTP's limit of 1,048,576 atoms and holds that many", () => {
    const arena = Arena.create({ initialBytes: 1 << 20, maxBytes: 256 << 20 });
    const atoms = AtomTable.create(arena);
    expect(atoms.maxAtoms).toBe(1_048_576);
    const name = new Uint8Array(8);
    const room = atoms.maxAtoms - atoms.count;
    for (let i = 0; i < room; i++) {
      // '#' + the number in base 36, as Latin-1 bytes: no JS string per atom.
      let value = i;
      let length = 1;
      name[0] = 0x23;
      do {
        const digit = value % 36;
        name[length++] = digit < 10 ? 0x30 + digit : 0x57 + digit;
        value = Math.floor(value / 36);
      } while (value > 0);
      atoms.internLatin1(name, 0, length);
    }
    expect(atoms.count).toBe(1_048_576);
    expectAtomError(() => atoms.intern('one_more'), 'system_limit');
    expect(atoms.lookup('#0')).toBe(PREDEFINED_ATOMS.length);
    expect(atoms.nameOf(1_048_575)).toMatch(/^#[0-9a-z]+$/);
    expect(arena.stats().bytesInUseByKind.atom).toBeLessThan(64 << 20);
  });

  it('rejects bad indexes and options', () => {
    const atoms = AtomTable.create(Arena.create(), { maxAtoms: 5000 });
    expectAtomError(() => atoms.nameOf(atoms.count), 'bad_index');
    expectAtomError(() => atoms.nameOf(4999), 'bad_index');
    expectAtomError(() => atoms.nameOf(5000), 'bad_index');
    expectAtomError(() => atoms.nameOf(-1), 'bad_index');
    expectAtomError(() => atoms.nameOf(1.5), 'bad_index');
    expectAtomError(() => AtomTable.create(Arena.create(), { maxAtoms: 3 }), 'bad_options');
    expectAtomError(() => AtomTable.create(Arena.create(), { maxAtoms: 2 ** 27 }), 'bad_options');
  });

  it('an arena too small for a new atom fails with arena_full and keeps the table consistent', () => {
    const arena = Arena.create({ initialBytes: 64 * 1024, maxBytes: 64 * 1024 });
    const atoms = AtomTable.create(arena, { maxAtoms: 10_000 });
    const interned: string[] = [];
    let failure: unknown;
    try {
      for (let i = 0; ; i++) {
        atoms.intern(`name_${i}_${'z'.repeat(200)}`);
        interned.push(`name_${i}_${'z'.repeat(200)}`);
      }
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ArenaError);
    expect((failure as ArenaError).code).toBe('arena_full');
    const fresh = AtomTable.attach(arena);
    expect(fresh.count).toBe(PREDEFINED_ATOMS.length + interned.length);
    interned.forEach((name, i) => expect(fresh.lookup(name)).toBe(PREDEFINED_ATOMS.length + i));
    arena.verify();
  });
});

describe('AtomTable.create in a full arena', () => {
  it('fails with arena_full and gives every block back', () => {
    const arena = Arena.create({ initialBytes: 64 * 1024, maxBytes: 64 * 1024 });
    const filler = arena.alloc(14_000, 'heap');
    expect(() => AtomTable.create(arena)).toThrowError(expect.objectContaining({ code: 'arena_full' }));
    expect(arena.stats().bytesInUseByKind.atom).toBe(0);
    arena.free(filler);
    expect(arena.stats().bytesInUse).toBe(0);
    expect(arena.root(ARENA_ROOT_ATOM_TABLE)).toBe(0);
    arena.verify();
  });
});
