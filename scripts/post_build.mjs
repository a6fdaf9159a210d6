#!/usr/bin/env node
// Trunk's post_build hook for the app (Trunk.toml). Trunk runs the hooks of one stage at the same time,
// and these two must not overlap (both rewrite index.html, and the second opens the page the first
// finished): the wasm split (scripts/split.mjs), then the first screen recorded from the split build
// (scripts/first_screen.mjs). Each keeps its own environment switch and can be run alone.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
for (const step of ['split.mjs', 'first_screen.mjs']) {
  const { status, signal } = spawnSync(process.execPath, [path.join(here, step), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (status !== 0) {
    console.error(`post_build.mjs: ${step} failed (${signal ?? `exit ${status}`})`);
    process.exit(status || 1);
  }
}
