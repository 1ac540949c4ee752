#!/usr/bin/env node
// The pulse command. Pulse is written in TypeScript; tsx runs it without a compile step.
import {register} from "tsx/esm/api";

register();
await import("../loaders/cli/main.ts");
