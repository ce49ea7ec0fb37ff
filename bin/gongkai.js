#!/usr/bin/env node
// `npx gongkai …` – runs the TypeScript CLI through tsx (no build step).
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/index.ts');
