import {poetryFiveLayerMonorepo, setupPyMonorepo} from '../../helpers/fixtures.js';
import type {FileTree} from '../../helpers/temp.js';

/**
 * The shared fixtures, made publishable: `twine check --strict` wants a long description with
 * its content type, as PyPI renders it. zulip_bots also ships `fixtures/*.json` only while its
 * build toggle is on, so the wheel shows whether the toggle was applied.
 */
export function releasableSetupPyMonorepo(version = '0.9.1'): FileTree {
	const files: Record<string, string> = {...setupPyMonorepo(version)};
	for (const [file, text] of Object.entries(files)) {
		if (file.endsWith('setup.py')) {
			files[file] = text.replace('setup(\n', 'setup(\n    long_description="A package of the zulip monorepo.",\n    long_description_content_type="text/plain",\n');
		}
	}

	files['zulip_bots/zulip_bots/fixtures/greeting.json'] = '{"text": "hello"}\n';
	return files;
}

export function releasablePoetryMonorepo(version = '1.2.0'): FileTree {
	const files: Record<string, string> = {...poetryFiveLayerMonorepo(version)};
	for (const [file, text] of Object.entries(files)) {
		if (file.endsWith('pyproject.toml')) {
			files[file] = text.replace(/^(description = .*)$/m, '$1\nreadme = "README.md"');
			files[file.replace('pyproject.toml', 'README.md')] = `# ${file.split('/').at(-2) ?? 'fin'}\n\nPart of the fin monorepo.\n`;
		}
	}

	return files;
}

/** `git diff -U0` reduced to the file headers and the changed lines: the edits, nothing else. */
export function changedLines(diff: string): string[] {
	return diff.split('\n').filter(line => /^(\+\+\+|---|[-+])/.test(line));
}
