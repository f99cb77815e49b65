import {readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {beforeAll, expect, test} from 'vitest';
import {runCli} from '../../helpers/cli.js';
import {currentCaveats, mintTokens} from '../../helpers/mint-token.js';
import {temporaryFolder} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';
import {gitRepository} from '../release/git-repository.js';
import {localRelease} from '../../helpers/local-release.js';

let token: string;
const password = 'correct-horse-battery-staple-42';

beforeAll(() => {
	requirePythonModules(['build', 'twine'], 'python3-build twine');
	[token] = mintTokens([{caveats: [currentCaveats.projectNames(['leaky'])]}]) as [string];
});

/** Every shape in which a tool may print a secret: whole, without its prefix, as Basic auth, in pieces. */
function forms(secret: string, username: string): Record<string, string> {
	const body = secret.replace(/^pypi-/, '');
	return {
		whole: secret,
		body,
		basicToken: Buffer.from(`__token__:${secret}`).toString('base64'),
		basicUser: Buffer.from(`${username}:${secret}`).toString('base64'),
		middle: body.slice(Math.floor(body.length / 2) - 6, Math.floor(body.length / 2) + 6),
		end: secret.slice(-12),
	};
}

// Prints the secrets in every shape, wrapped as a narrow terminal would, then fails.
const leakScript = String.raw`
import base64, json, os, sys
secrets = json.load(open(sys.argv[1]))
json.dump(dict(os.environ), open(sys.argv[2], "w"))
for user, secret in secrets:
    print("whole", secret)
    print("body", secret.removeprefix("pypi-"))
    print("basic", base64.b64encode(("__token__:" + secret).encode()).decode())
    print("basic-user", base64.b64encode((user + ":" + secret).encode()).decode())
    print("wrapped:", secret[:7])
    for start in range(7, len(secret), 40):
        print("  " + secret[start:start + 40])
    print("to stderr", secret, file=sys.stderr)
sys.exit(1)
`;

test('a test command gets no upload credential, and sees none of them printed back in any form', async () => {
	const outside = await temporaryFolder('wizard-leak-');
	const secretsFile = path.join(outside, 'secrets.json');
	const environmentDump = path.join(outside, 'environment.json');
	await writeFile(secretsFile, JSON.stringify([['alice', password], ['__token__', token]]));
	await writeFile(path.join(outside, 'leak.py'), leakScript);
	const repository = await gitRepository(
		{
			'pyproject.toml': `[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "leaky"\nversion = "1.0.0"\n\n[tool.pypi-wizard]\ntest = "${python} ${path.join(outside, 'leak.py')} ${secretsFile} ${environmentDump}"\n`,
			'leaky/__init__.py': '',
		},
		{remote: false},
	);
	const result = await runCli(['--ci', ...localRelease, '--no-isolation', '--bump', 'patch', '--python', python, '--token-env', 'RELEASE_TOKEN', repository.root], {
		env: {XDG_CONFIG_HOME: repository.configHome, TWINE_USERNAME: 'alice', TWINE_PASSWORD: password, RELEASE_TOKEN: token, ALSO_THE_TOKEN: token},
	});
	expect(result.exitCode).toBe(1);
	expect(result.stderr).toContain('✖ The tests failed');

	const childEnvironment = JSON.parse(await readFile(environmentDump, 'utf8')) as Record<string, string>;
	for (const name of ['TWINE_PASSWORD', 'TWINE_USERNAME', 'RELEASE_TOKEN', 'ALSO_THE_TOKEN']) {
		expect(Object.keys(childEnvironment), `the test command's environment holds ${name}`).not.toContain(name);
	}

	const saved = await readdir(repository.configHome, {recursive: true, withFileTypes: true});
	const files = saved.filter(entry => entry.isFile()).map(entry => path.join(entry.parentPath, entry.name));
	expect(files.some(file => file.endsWith('tests.log'))).toBe(true);
	const places: Record<string, string> = {
		stdout: result.stdout,
		stderr: result.stderr,
		'the test command environment': JSON.stringify(childEnvironment),
	};
	for (const file of files) {
		places[file] = await readFile(file, 'utf8');
	}

	// The command's output is in the step log (and its tail on stderr), redacted there.
	const testsLog = files.find(file => file.endsWith('tests.log'))!;
	expect(places[testsLog]).toContain('basic-user [redacted]');
	for (const [secret, username] of [[token, 'alice'], [password, 'alice']] as const) {
		for (const [form, text] of Object.entries(forms(secret, username))) {
			for (const [place, content] of Object.entries(places)) {
				expect(content.includes(text), `the ${form} form of a secret is in ${place}`).toBe(false);
			}
		}
	}
});
