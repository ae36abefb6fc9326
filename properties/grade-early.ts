// The submission that npm run grade's jest process grades, opened as soon as
// grade.ts starts loading (this is its first import): the student process
// boots while the laws and fast-check load, which saves its start-up time.

import { kataDir } from './kata';
import type { SandboxMode } from './sandbox/layers.js';
import { DEFAULT_LIMITS, openSubmission } from './sandbox/submission';

const sandbox = (process.env.KATA_SANDBOX || 'auto') as SandboxMode;
const hangMs = Number(process.env.KATA_HANG_MS) || DEFAULT_LIMITS.hangMs;

export const submission = openSubmission(kataDir(), sandbox, { ...DEFAULT_LIMITS, hangMs });
