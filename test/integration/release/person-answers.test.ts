import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import type {ResolvedTarget, ResolvedTargets} from '../../../source/core/release/context.js';
import {personAnswerer, type Question} from '../../../source/core/release/questions.js';
import {beginRelease, openRepository} from '../../../source/core/release/session.js';
import type {ReleaseRecord} from '../../../source/core/release/types.js';
import {memoryReleaseStore} from '../../../source/core/state/release-store.js';
import {startSandbox, type Sandbox} from '../../../source/sandbox/server.js';
import {temporaryFolder, type FileTree} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {git, gitRepository, type TestRepository} from './git-repository.js';

// The questions a person answers in the wizard, asked by the real steps of a real release to a
// sandbox: what each question shows, and what each answer does to the repository and the index.

const token = 'pypi-person-answers-tests';
const sandboxes: Sandbox[] = [];
afterAll(async () => {
	await Promise.all(sandboxes.map(async sandbox => sandbox.close()));
});

function hatchPackage(extra: FileTree = {}): FileTree {
	return {
		'pyproject.toml': ['[build-system]', 'requires = ["hatchling"]', 'build-backend = "hatchling.build"', '', '[project]', 'name = "answer_demo"', 'version = "0.3.1"', 'description = "A package."', 'readme = "README.md"', ''].join('\n'),
		'README.md': '# Answer demo\n\nA package.\n',
		'src/answer_demo/__init__.py': '',
		...extra,
	};
}

async function sandboxTargets(): Promise<{sandbox: Sandbox; targets: ResolvedTargets}> {
	const sandbox = await startSandbox({tokens: [token]});
	sandboxes.push(sandbox);
	const onSandbox = (role: 'test' | 'production', index: string): ResolvedTarget => ({
		role,
		name: `sandbox ${index}`,
		uploadUrl: `${sandbox.url}/${index}/legacy/`,
		simpleBase: `${sandbox.url}/${index}/simple/`,
		jsonBase: `${sandbox.url}/${index}/pypi/`,
		display: `sandbox ${index}`,
		token: async () => token,
	});
	return {sandbox, targets: {test: onSandbox('test', 'testpypi'), production: onSandbox('production', 'pypi')}};
}

type Answered = {readonly exitCode: number; readonly record: ReleaseRecord; readonly asked: Question[]; readonly sandbox: Sandbox};

/** A release where a scripted person answers by question id (missing ids: the question's default). */
async function releaseAnswering(repository: TestRepository, answers: Readonly<Record<string, string>>): Promise<Answered> {
	const store = memoryReleaseStore(await temporaryFolder('releases-'));
	const session = await openRepository({root: repository.root, python, store, signal: new AbortController().signal});
	const {sandbox, targets} = await sandboxTargets();
	const asked: Question[] = [];
	const answerer = personAnswerer(async question => {
		asked.push(question);
		const fallback = question.kind === 'confirm' ? (question.default ? 'yes' : 'no') : question.kind === 'choice' ? question.default : '';
		return answers[question.id] ?? (question.kind === 'confirm' && question.confirmText !== undefined ? 'yes' : fallback);
	});
	const started = await beginRelease(session, {bump: ['minor'], restart: false, dryRun: false, skip: ['install-check'], jobs: 1, noIsolation: true, allowFiles: [], answerer, targets});
	const outcome = await started.engine.run();
	return {exitCode: outcome.exitCode, record: started.engine.record(), asked, sandbox};
}

async function uploadedFiles(sandbox: Sandbox): Promise<string[]> {
	const log = (await (await fetch(`${sandbox.url}/_sandbox/uploads`)).json()) as {uploads: Array<{filename: string; status: number}>};
	return log.uploads.filter(upload => upload.status === 200).map(upload => upload.filename);
}

describe('what the person is asked, and what the answers do', () => {
	test('the version change is shown as a diff and written only on yes; no leaves the repository as it was', async () => {
		requirePythonModules(['build', 'twine', 'hatchling'], 'python3-build twine python3-hatchling');
		const repository = await gitRepository(hatchPackage());
		const head = git(repository.root, 'rev-parse', 'HEAD').trim();
		const stopped = await releaseAnswering(repository, {'confirm-version-commit': 'no'});
		expect(stopped.exitCode).toBe(1);
		const question = stopped.asked.find(asked => asked.id === 'confirm-version-commit')!;
		expect(question.message).toBe('Write this change (1 file) and commit it as "Release 0.4.0"?');
		expect(question.detail).toEqual(expect.arrayContaining(['-version = "0.3.1"', '+version = "0.4.0"']));
		expect(stopped.record.failure?.message).toContain('nothing was written or committed');
		expect(await readFile(path.join(repository.root, 'pyproject.toml'), 'utf8')).toContain('version = "0.3.1"');
		expect(git(repository.root, 'rev-parse', 'HEAD').trim()).toBe(head);
		expect(git(repository.root, 'status', '--porcelain').trim()).toBe('');
		expect(await uploadedFiles(stopped.sandbox)).toEqual([]);
	});

	test('a first-ever publish is confirmed by typing the version; a flagged file ships only when accepted', async () => {
		requirePythonModules(['build', 'twine', 'hatchling'], 'python3-build twine python3-hatchling');
		const repository = await gitRepository(hatchPackage({'src/answer_demo/credentials.json': '{"user": "demo"}\n'}));
		const accepted = await releaseAnswering(repository, {'accept-finding-1': 'accept', 'accept-finding-2': 'accept'});
		expect(accepted.exitCode).toBe(0);
		const findings = accepted.asked.filter(question => question.id.startsWith('accept-finding-'));
		expect(findings.map(question => question.message)).toEqual([
			expect.stringMatching(/^answer_demo-0\.4\.0.*: the inspection flagged one file\. Ship it anyway\?$/),
			expect.stringMatching(/^answer_demo-0\.4\.0.*: the inspection flagged one file\. Ship it anyway\?$/),
		]);
		expect(findings[0]!.detail?.join('\n')).toContain('credentials.json');
		expect(accepted.record.warnings.filter(warning => warning.includes('accepted by you'))).toHaveLength(2);
		const production = accepted.asked.find(question => question.id === 'confirm-production-upload')!;
		expect(production).toMatchObject({kind: 'confirm', default: false, confirmText: '0.4.0'});
		expect(production.detail).toContain('answer_demo is new on sandbox pypi: this is its first-ever publish');
		expect((await uploadedFiles(accepted.sandbox)).sort()).toEqual(['answer_demo-0.4.0-py2.py3-none-any.whl', 'answer_demo-0.4.0-py2.py3-none-any.whl', 'answer_demo-0.4.0.tar.gz', 'answer_demo-0.4.0.tar.gz']);

		const stoppedRepository = await gitRepository(hatchPackage({'src/answer_demo/credentials.json': '{"user": "demo"}\n'}));
		const stopped = await releaseAnswering(stoppedRepository, {'accept-finding-1': 'stop'});
		expect(stopped.exitCode).toBe(1);
		expect(stopped.asked.filter(question => question.id.startsWith('accept-finding-'))).toHaveLength(1);
		expect(stopped.record.failure?.step).toBe('inspect');
		expect(stopped.record.failure?.message).toContain('credentials.json');
		expect(await uploadedFiles(stopped.sandbox)).toEqual([]);
	});

	test('no to the push keeps the tag local and says how to push it later', async () => {
		requirePythonModules(['build', 'twine', 'hatchling'], 'python3-build twine python3-hatchling');
		const repository = await gitRepository(hatchPackage());
		const run = await releaseAnswering(repository, {'confirm-tag-push': 'no'});
		expect(run.exitCode).toBe(0);
		const push = run.asked.find(question => question.id === 'confirm-tag-push')!;
		expect(push.message).toMatch(/^Push main and the tag v0\.4\.0 to origin \(.+\)\?$/);
		expect(git(repository.root, 'tag', '--list').trim()).toBe('v0.4.0');
		expect(git(repository.remote!, 'tag', '--list').trim()).toBe('');
		expect(run.record.tag).toMatchObject({name: 'v0.4.0', created: true, pushed: false});
		expect(run.record.warnings).toContain('The tag v0.4.0 was created but not pushed (you chose not to). Push it later: git push origin main refs/tags/v0.4.0');
		expect(run.asked.map(question => question.id)).toEqual(['confirm-version-commit', 'confirm-production-upload', 'confirm-tag-push']);
	});

	test('a release interrupted during its production upload resumes without asking for the confirmation again', async () => {
		requirePythonModules(['build', 'twine', 'hatchling'], 'python3-build twine python3-hatchling');
		const repository = await gitRepository(hatchPackage());
		const store = memoryReleaseStore(await temporaryFolder('releases-'));
		const {sandbox, targets} = await sandboxTargets();
		const asked: string[] = [];
		const answerer = personAnswerer(async question => {
			asked.push(question.id);
			return question.kind === 'confirm' ? 'yes' : question.kind === 'choice' ? question.default : '';
		});
		const run = async (signal: AbortSignal, onEvent: (type: string, role?: string) => void = () => undefined) => {
			const session = await openRepository({root: repository.root, python, store, signal});
			const started = await beginRelease(session, {bump: asked.length === 0 ? ['minor'] : [], restart: false, dryRun: false, skip: ['install-check'], jobs: 1, noIsolation: true, allowFiles: [], answerer, targets});
			started.engine.subscribe(event => onEvent(event.type, 'role' in event ? event.role : undefined));
			return started.engine.run();
		};

		const stop = new AbortController();
		const first = await run(stop.signal, (type, role) => {
			if (type === 'file-upload-started' && role === 'production') {
				stop.abort();
			}
		});
		expect(first.exitCode).toBe(130);
		expect(asked).toEqual(['confirm-version-commit', 'confirm-production-upload']);

		const resumed = await run(new AbortController().signal);
		expect(resumed.exitCode).toBe(0);
		expect(asked).toEqual(['confirm-version-commit', 'confirm-production-upload', 'confirm-tag-push']);
		expect((await uploadedFiles(sandbox)).filter(file => file.endsWith('.tar.gz'))).toEqual(['answer_demo-0.4.0.tar.gz', 'answer_demo-0.4.0.tar.gz']);
	});
});
