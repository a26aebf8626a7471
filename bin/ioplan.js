#!/usr/bin/env node
// The `ioplan` command. Installed from the package it runs the compiled JavaScript in dist/. In a checkout, where
// src/ is beside it and tsx (a development dependency) is installed, it runs the TypeScript source instead, so that
// what the tests run is what was edited, with no build step between.
import { existsSync } from "node:fs";

const source = new URL("../src/cli/main.ts", import.meta.url);
let tsx;
if (existsSync(source)) tsx = await import("tsx/esm/api").catch(() => undefined);
if (tsx) {
  tsx.register();
  await import(source.href);
} else await import("../dist/cli/main.js");
