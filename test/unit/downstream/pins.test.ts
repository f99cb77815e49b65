import {describe, expect, test} from 'vitest';
import {pinFileKind, rewritePins, rewriteUrlTag, type ReleasedPackages} from '../../../source/core/downstream/pins.js';

const zulip: ReleasedPackages = new Map([
	['zulip', {version: '0.9.2', tag: '0.9.2'}],
	['zulip-bots', {version: '0.9.2', tag: '0.9.2'}],
]);
const tagged: ReleasedPackages = new Map([['zulip', {version: '1.2.4', tag: 'v1.2.4'}]]);

const requirements = (text: string, released = zulip) => rewritePins(text, 'requirements', released);
const pyproject = (text: string, released = zulip) => rewritePins(text, 'pyproject', released);

describe('rewritePins in requirements files', () => {
	test('== and >= follow the release; markers, comments, CRLF and other packages stay byte for byte', () => {
		const before = [
			'# Zulip API',
			'zulip==0.9.1',
			'Zulip_Bots>=0.9.0 ; python_version>="3.9"  # the bots, pinned >=0.9.0',
			'requests[security]==2.31.0',
			'',
		].join('\r\n');
		const {text, changes} = requirements(before);
		expect(text).toBe(['# Zulip API', 'zulip==0.9.2', 'Zulip_Bots>=0.9.2 ; python_version>="3.9"  # the bots, pinned >=0.9.0', 'requests[security]==2.31.0', ''].join('\r\n'));
		expect(changes).toEqual([
			{line: 2, before: 'zulip==0.9.1', after: 'zulip==0.9.2', packages: ['zulip'], staleHashes: false},
			{
				line: 3,
				before: 'Zulip_Bots>=0.9.0 ; python_version>="3.9"  # the bots, pinned >=0.9.0',
				after: 'Zulip_Bots>=0.9.2 ; python_version>="3.9"  # the bots, pinned >=0.9.0',
				packages: ['zulip-bots'],
				staleHashes: false,
			},
		]);
	});

	test('~= keeps its precision, extras and spacing stay, upper bounds and != stay as written', () => {
		const released: ReleasedPackages = new Map([['zulip', {version: '1.4.2', tag: 'v1.4.2'}]]);
		expect(requirements('zulip~=1.2\nzulip[extra] ~= 1.2.0\n', released).text).toBe('zulip~=1.4\nzulip[extra] ~= 1.4.2\n');
		expect(requirements('zulip>=1.0,<2.0,!=1.3.0\n', released).text).toBe('zulip>=1.4.2,<2.0,!=1.3.0\n');
		expect(requirements('zulip<=1.3\nzulip<1.4\nzulip==1.*\n', released).text).toBe('zulip<=1.3\nzulip<1.4\nzulip==1.*\n');
		expect(requirements('zulip==0.*\n', released).text).toBe('zulip==1.*\n');
	});

	test('an unpinned name, a longer name and a pin already at the release are left alone', () => {
		const before = 'zulip\nzulip-emoji==1.0\nzulipx==0.1\nzulip==0.9.2\nzulip>=1.0\n';
		const {text, changes} = requirements(before);
		expect(text).toBe(before);
		expect(changes).toEqual([]);
	});

	test('a hashed requirement gets the new version and is flagged: only the lock command can renew its hashes', () => {
		const before = [
			'zulip==0.9.1 \\',
			'    --hash=sha256:aaaa \\',
			'    --hash=sha256:bbbb',
			'    # via -r requirements/common.in',
			'urllib3==2.0.0 \\',
			'    --hash=sha256:cccc',
			'',
		].join('\n');
		const {text, changes} = requirements(before);
		expect(text).toBe(before.replace('zulip==0.9.1', 'zulip==0.9.2'));
		expect(changes).toEqual([{line: 1, before: 'zulip==0.9.1 \\', after: 'zulip==0.9.2 \\', packages: ['zulip'], staleHashes: true}]);
	});

	test('a hash option line that mentions the name is not read as a requirement', () => {
		const before = 'requests==2.0 \\\n    --hash=sha256:zulip==0.9.1\n';
		expect(requirements(before).text).toBe(before);
	});

	test('git URLs ending in @<tag> take the new tag: PEP 508 "name @ URL", -e and bare URLs with #egg', () => {
		const before = [
			'zulip @ git+https://github.com/zulip/python-zulip-api@v1.2.3#subdirectory=zulip',
			'-e git+https://github.com/zulip/python-zulip-api.git@v1.2.3#egg=zulip&subdirectory=zulip',
			'git+ssh://git@github.com/zulip/python-zulip-api.git@v1.2.3#egg=zulip',
			'-e "git+https://github.com/zulip/python-zulip-api.git@v1.2.3#egg=zulip==1.2.3+git&subdirectory=zulip"',
			'',
		].join('\n');
		expect(requirements(before, tagged).text).toBe(before.replaceAll('@v1.2.3', '@v1.2.4'));
	});

	test('a git URL on a branch or a commit hash, or without a ref, stays', () => {
		const before = [
			'zulip @ git+https://github.com/zulip/python-zulip-api@main#subdirectory=zulip',
			'git+https://github.com/zulip/python-zulip-api.git@0123456789abcdef0123456789abcdef01234567#egg=zulip',
			'git+ssh://git@github.com/zulip/python-zulip-api.git#egg=zulip',
			'',
		].join('\n');
		expect(requirements(before, tagged).text).toBe(before);
	});

	test('options lines (-r, -c, --index-url) are not requirements', () => {
		const before = '-r common.in\n--index-url https://example.com/zulip==0.9.1\n';
		expect(requirements(before).text).toBe(before);
	});
});

describe('rewritePins in pyproject.toml', () => {
	test('PEP 621 dependencies and optional-dependencies, one per line or several on one line; other arrays stay', () => {
		const before = [
			'[project]',
			'name = "server"',
			'keywords = ["zulip==0.9.1"]',
			'dependencies = [',
			'    "zulip==0.9.1",  # the API',
			"    'zulip-bots[extras]>=0.9.0; python_version >= \"3.9\"',",
			'    "requests>=2",',
			']',
			'',
			'[project.optional-dependencies]',
			'bots = ["Zulip.Bots~=0.9.0", "zulip"]',
			'',
			'[tool.other]',
			'dependencies = ["zulip==0.9.1"]',
			'',
		].join('\n');
		const {text, changes} = pyproject(before);
		expect(text).toBe(
			[
				'[project]',
				'name = "server"',
				'keywords = ["zulip==0.9.1"]',
				'dependencies = [',
				'    "zulip==0.9.2",  # the API',
				"    'zulip-bots[extras]>=0.9.2; python_version >= \"3.9\"',",
				'    "requests>=2",',
				']',
				'',
				'[project.optional-dependencies]',
				'bots = ["Zulip.Bots~=0.9.2", "zulip"]',
				'',
				'[tool.other]',
				'dependencies = ["zulip==0.9.1"]',
				'',
			].join('\n'),
		);
		expect(changes.map(change => change.line)).toEqual([5, 6, 11]);
	});

	test('poetry: "^X", {version = "X", ...}, a git dependency with tag, a package table; "*" stays', () => {
		const before = [
			'[tool.poetry.dependencies]',
			'python = "^3.9"',
			'zulip = "^0.9.1"',
			'zulip-bots = { version = ">=0.9.0,<0.10", extras = ["all"] }',
			'',
			'[tool.poetry.group.dev.dependencies]',
			'zulip = { git = "https://github.com/zulip/python-zulip-api.git", tag = "0.9.1", subdirectory = "zulip" }',
			'"zulip_bots" = "*"',
			'',
			'[tool.poetry.dependencies.zulip]',
			'version = "0.9.1"',
			'optional = true',
			'',
		].join('\n');
		const {text} = pyproject(before);
		expect(text).toBe(
			[
				'[tool.poetry.dependencies]',
				'python = "^3.9"',
				'zulip = "^0.9.2"',
				'zulip-bots = { version = ">=0.9.2,<0.10", extras = ["all"] }',
				'',
				'[tool.poetry.group.dev.dependencies]',
				'zulip = { git = "https://github.com/zulip/python-zulip-api.git", tag = "0.9.2", subdirectory = "zulip" }',
				'"zulip_bots" = "*"',
				'',
				'[tool.poetry.dependencies.zulip]',
				'version = "0.9.2"',
				'optional = true',
				'',
			].join('\n'),
		);
	});

	test('a pyproject that does not depend on the released packages comes back identical', () => {
		const before = '[project]\r\nname = "zulip"\r\ndependencies = ["requests"]\r\n';
		expect(pyproject(before)).toEqual({text: before, changes: []});
	});
});

test('file kinds: pyproject.toml is TOML, .in and .txt are requirements', () => {
	expect(pinFileKind('sub/pyproject.toml')).toBe('pyproject');
	expect(pinFileKind('requirements/common.in')).toBe('requirements');
	expect(pinFileKind('requirements/prod.txt')).toBe('requirements');
});

test('rewriteUrlTag replaces only the ref after the path, not the user in the host part', () => {
	expect(rewriteUrlTag('git+ssh://git@host/org/repo.git@1.0#egg=x', 'v2.0')).toBe('git+ssh://git@host/org/repo.git@v2.0#egg=x');
	expect(rewriteUrlTag('git+ssh://git@host/org/repo.git#egg=x', 'v2.0')).toBe('git+ssh://git@host/org/repo.git#egg=x');
});
