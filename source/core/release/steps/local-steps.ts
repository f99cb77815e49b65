import type {ReleaseContext} from '../context.js';
import type {Step} from '../engine.js';
import {buildStep} from './build.js';
import {checkStep} from './check.js';
import {inspectStep} from './inspect.js';
import {preflightStep} from './preflight.js';
import {testsStep} from './tests.js';
import {versionSyncStep} from './version-sync.js';

/** The local checklist, in order (SPEC §3, steps 0 to 3). */
export const localSteps: ReadonlyArray<Step<ReleaseContext>> = [preflightStep, versionSyncStep, testsStep, buildStep, checkStep, inspectStep];
