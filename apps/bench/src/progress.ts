/** Progress lines for a person watching: on stderr, and only when stderr is a terminal. */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): (message: string) => void {
  if (!stream.isTTY) return () => {};
  return (message) => stream.write(`[bench] ${message}\n`);
}
