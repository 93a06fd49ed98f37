#!/usr/bin/env node
// The headless client as an installed command: runs the TypeScript entry through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
