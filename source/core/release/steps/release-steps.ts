import type {ReleaseContext} from '../context.js';
import type {Step} from '../engine.js';
import type {ReleaseRecord} from '../types.js';
import {downstreamStep} from './downstream.js';
import {installCheckStep} from './install-check.js';
import {localSteps} from './local-steps.js';
import {tagStep} from './tag.js';
import {titledForTargets, uploadProductionStep, uploadTestStep} from './upload.js';

/**
 * The publishing checklist after the local one (SPEC §3, steps 4 to 8), in order: upload-test,
 * install-check, upload-production, tag, downstream. A new step is added here, at its place.
 */
export const publishingSteps: ReadonlyArray<Step<ReleaseContext>> = [uploadTestStep, installCheckStep, uploadProductionStep, tagStep, downstreamStep];

/** The step list of a release: the local checklist alone, or with publishing when it has targets. */
export function releaseSteps(targets: ReleaseRecord['targets'] | undefined): ReadonlyArray<Step<ReleaseContext>> {
	return targets === undefined ? localSteps : [...localSteps, ...publishingSteps.map(step => titledForTargets(step, targets))];
}
