import {checkPypiToken} from '../../credentials/pypi-token.js';
import {tokenPageUrl} from '../../credentials/token-page.js';
import {PreconditionError} from '../../errors.js';
import {IndexRequestError} from '../../index/index-errors.js';
import {getFromIndex} from '../../index/index-request.js';
import {projectInfo} from '../../index/json-api.js';
import {projectFiles, simpleAccept} from '../../index/simple-api.js';
import {normalizeName} from '../../names.js';
import type {ReleaseContext, ResolvedTarget} from '../context.js';
import type {StepIo} from '../engine.js';
import type {IndexRole} from '../types.js';
import {withIndexRetries} from './index-retries.js';

/** Long enough for a distant index, short enough that a wrong URL is reported at once. */
const answerTimeoutMs = 10_000;

const uploadStep: Readonly<Record<IndexRole, string>> = {test: 'upload-test', production: 'upload-production'};

/**
 * For each index this run uploads to: a token it can take (right index, not expired), the index
 * answers, and for a name it has never seen, a token that may create a project. Every problem is
 * found here, before the version commit, not at the first upload.
 */
export async function checkTargets(context: ReleaseContext, io: StepIo): Promise<string[]> {
	const {targets, options} = context;
	if (targets === undefined || options.dryRun) {
		return [];
	}

	const checked: string[] = [];
	for (const target of [targets.test, targets.production]) {
		if (options.skip.includes(uploadStep[target.role]) || (target.role === 'production' && options.stopAfter === 'test')) {
			continue;
		}

		const token = await target.token();
		await checkAnswers(target, io.signal);
		const newNames = await unpublishedNames(context, target, io.signal);
		checkCanCreate(target, token, newNames);
		await io.log(`${target.display} answers at ${target.simpleBase}; the upload token is usable there${newNames.length === 0 ? '' : `; first upload of ${newNames.join(', ')}`}.`);
		checked.push(target.display);
	}

	return checked;
}

async function checkAnswers(target: ResolvedTarget, signal: AbortSignal): Promise<void> {
	try {
		// A busy index (a 5xx, a --flaky sandbox) is asked again before it counts as unreachable.
		const answer = await withIndexRetries(async () => getFromIndex(target.simpleBase, {accept: simpleAccept, signal, timeoutMs: answerTimeoutMs}), signal);
		if (!answer.found) {
			throw new IndexRequestError(target.simpleBase, 404, 'Not Found', {retryable: false});
		}
	} catch (error: unknown) {
		if (!(error instanceof IndexRequestError)) {
			throw error;
		}

		const where = target.name === target.uploadUrl ? `the upload URL ${target.uploadUrl}` : `${target.name}, which uploads to ${target.uploadUrl}`;
		throw new PreconditionError(`Cannot reach ${target.display}: ${error.message}.`, {
			hint: `Check the network and ${where} (--${target.role === 'test' ? 'test-repository' : 'repository'} NAME|URL chooses another index), then resume with the command below; to rehearse offline, use --sandbox.`,
			cause: error,
		});
	}
}

/** The released names this index has never published: both its JSON API and its simple page say 404. */
async function unpublishedNames(context: ReleaseContext, target: ResolvedTarget, signal: AbortSignal): Promise<string[]> {
	const names = Object.values(context.record().packages).map(release => release.name);
	const found = await Promise.all(
		names.map(async name => {
			const [project, listing] = await Promise.all([
				withIndexRetries(async () => projectInfo(target.jsonBase, name, {signal, timeoutMs: answerTimeoutMs}), signal),
				withIndexRetries(async () => projectFiles(target.simpleBase, name, {signal, timeoutMs: answerTimeoutMs}), signal),
			]);
			return project.found || listing.found;
		}),
	);
	return names.filter((_, index) => !found[index]).map(name => normalizeName(name));
}

function checkCanCreate(target: ResolvedTarget, token: string, newNames: readonly string[]): void {
	if (newNames.length === 0) {
		return;
	}

	const check = checkPypiToken(token);
	// A password for a private index, or a sandbox token: its rights cannot be read from it.
	if (!check.ok || check.details.scope === 'account') {
		return;
	}

	const page = tokenPageUrl(target.uploadUrl, check.details.location) ?? `the token page of ${target.display}`;
	const scopedTo = check.details.projects.length > 0 ? ` (to ${check.details.projects.join(', ')})` : '';
	throw new PreconditionError(
		`${newNames.join(', ')} ${newNames.length === 1 ? 'has' : 'have'} never been published on ${target.display}, and the upload token for ${target.name} is scoped to projects${scopedTo}: a project-scoped token cannot create a project.`,
		{
			hint: [
				`For this first upload, make an account-wide token (scope "Entire account") at ${page} and store it:`,
				`  printf %s "$TOKEN" | wizard token set ${target.name}`,
				`then resume with the same command. Once the project exists, replace it with a token scoped to ${newNames.join(', ')}.`,
			].join('\n'),
		},
	);
}
