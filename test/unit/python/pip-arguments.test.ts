import {expect, test} from 'vitest';
import {pipInstallArguments} from '../../../source/core/python/install-check.js';
import {networkSettingsFromConfig} from '../../../source/core/python/pip-environment.js';
import {supportsPythonOption} from '../../../source/core/python/pip-launcher.js';
import {venvLayout} from '../../../source/core/python/venv.js';

const check = {name: 'alpha-x', version: '1.1.0', testSimple: 'https://test.pypi.org/simple/', productionSimple: 'https://pypi.org/simple/'};

test('pip installs the exact version from the test index, other dependencies from production', () => {
	expect(pipInstallArguments(check)).toEqual([
		'install',
		'--no-input',
		'--disable-pip-version-check',
		'--index-url',
		'https://test.pypi.org/simple/',
		'--extra-index-url',
		'https://pypi.org/simple/',
		'alpha-x==1.1.0',
	]);
});

test('one index for both (a sandbox rehearsal): no extra index; the chosen retry adds --no-cache-dir', () => {
	const arguments_ = pipInstallArguments({...check, productionSimple: 'https://test.pypi.org/simple', retry: 'no-cache-dir'});
	expect(arguments_).not.toContain('--extra-index-url');
	expect(arguments_.slice(-2)).toEqual(['--no-cache-dir', 'alpha-x==1.1.0']);
});

test('the network settings of pip config list, install.* over global.*; indexes and other flags dropped', () => {
	const listing = [
		":env:.find-links='/opt/wheels'",
		"global.cert='/etc/ssl/certs/ca-certificates.crt'",
		"global.extra-index-url='file:///opt/pypi/simple'",
		"global.proxy='http://proxy.example:3128'",
		"install.proxy='http://install-proxy.example:3128'",
		"global.trusted-host='pypi.internal mirror.internal'",
		`global.client-cert="/home/o'neil/cert.pem"`,
		"install.user='true'",
		"global.timeout='60'",
	].join('\n');
	expect(networkSettingsFromConfig(listing)).toEqual({
		PIP_CERT: '/etc/ssl/certs/ca-certificates.crt',
		PIP_PROXY: 'http://install-proxy.example:3128',
		PIP_TRUSTED_HOST: 'pypi.internal mirror.internal',
		PIP_CLIENT_CERT: "/home/o'neil/cert.pem",
		PIP_TIMEOUT: '60',
	});
});

test('a virtual environment’s interpreter and scripts, on posix and on Windows', () => {
	expect(venvLayout('/release/check/venv', 'linux')).toEqual({folder: '/release/check/venv', bin: '/release/check/venv/bin', python: '/release/check/venv/bin/python'});
	expect(venvLayout(String.raw`C:\release\check\venv`, 'win32')).toEqual({
		folder: String.raw`C:\release\check\venv`,
		bin: String.raw`C:\release\check\venv\Scripts`,
		python: String.raw`C:\release\check\venv\Scripts\python.exe`,
	});
});

test('pip installs into another environment from outside (--python) from 22.3 on', () => {
	expect(['20.3.4', '22.2.2', '22.3', '23.0.1', '24.0', '25.1.1'].map(version => supportsPythonOption(version))).toEqual([false, false, true, true, true, true]);
});
