#!/usr/bin/env node
// A committed entry, so pnpm can link the command at install time, before the build exists.
import "../dist/cli/beam-inspect.js";
