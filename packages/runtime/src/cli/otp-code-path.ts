/** OTP's stdlib ebin directory when Erlang/OTP is installed (for pure library modules such as lists). */

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const OTP_ROOTS = ['/usr/lib/erlang', '/usr/local/lib/erlang', '/opt/homebrew/lib/erlang'];

export function otpStdlibEbin(): string | null {
  for (const root of OTP_ROOTS) {
    const lib = join(root, 'lib');
    if (!existsSync(lib)) continue;
    const stdlib = readdirSync(lib)
      .filter((name) => name.startsWith('stdlib-'))
      .sort()
      .pop();
    if (stdlib !== undefined) return join(lib, stdlib, 'ebin');
  }
  return null;
}
