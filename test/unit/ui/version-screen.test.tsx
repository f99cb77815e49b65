import {cleanup, render} from 'ink-testing-library';
import {afterEach, expect, test, vi} from 'vitest';
import {VersionScreen} from '../../../source/ui/ink/screens/version-screen.js';
import {keys, plain, press, waitForFrame} from '../../helpers/ink.js';
import {flat, moveTo, widest} from './screen-text.js';

afterEach(() => {
	cleanup();
});

const one = [{name: 'My_Pkg', normalizedName: 'my-pkg', version: '1.2.3'}];

test('a synchronized release lists each bump with the version it gives, and Enter on the highlighted one answers its --bump value', async () => {
	const onChoose = vi.fn();
	const screen = render(<VersionScreen packages={one} versioning="synchronized" columns={60} onChoose={onChoose} onQuit={() => {}} />);
	const frame = plain(await waitForFrame(screen, 'type a version'));
	expect(frame.split('\n')[0]).toBe('Version');
	expect(frame).toContain('My_Pkg, now 1.2.3');
	expect(frame).toContain('major   2.0.0');
	expect(frame).toContain('minor   1.3.0');
	expect(frame).toContain('patch   1.2.4');
	expect(frame).toContain('post    1.2.3.post1');
	expect(frame).toContain('dev     1.2.4.dev1');
	expect(frame).toContain('pre-rc  1.2.4rc1');
	expect(frame).toContain('keep    1.2.3 (as it is)');
	expect(frame).not.toContain('not this time');
	expect(widest(frame)).toBeLessThanOrEqual(60);
	// Patch is highlighted first: major is never one Enter away.
	expect(frame).toContain('❯ patch');

	await press(screen, keys.enter);
	expect(onChoose).toHaveBeenCalledTimes(1);
	expect(onChoose).toHaveBeenCalledWith(['patch']);
	expect(plain(await waitForFrame(screen, '→'))).toContain('--bump patch');
});

test('a typed version is validated as it is typed: the reason a value is refused shows under the input, and Enter accepts only a valid one', async () => {
	const onChoose = vi.fn();
	const screen = render(<VersionScreen packages={one} versioning="synchronized" columns={60} onChoose={onChoose} onQuit={() => {}} />);
	await waitForFrame(screen, 'type a version');
	await moveTo(screen, 'type a version');
	await press(screen, keys.enter);
	await waitForFrame(screen, 'Type the next version');
	expect(plain(screen.lastFrame()!)).toContain('Type a version, for example 1.2.3.');

	await press(screen, '1', '.', '2');
	expect(plain(await waitForFrame(screen, 'is not greater than the current version 1.2.3'))).toContain('"1.2" is not greater');
	await press(screen, keys.enter);
	expect(onChoose).not.toHaveBeenCalled();

	await press(screen, '.', 'x');
	expect(plain(await waitForFrame(screen, 'not a valid PEP 440 version'))).toContain('"1.2.x"');

	await press(screen, keys.backspace, keys.backspace);
	await press(screen, '.5+local');
	expect(flat(await waitForFrame(screen, 'local version label'))).toContain('(+local), which PyPI refuses.');
	await press(screen, keys.enter);
	expect(onChoose).not.toHaveBeenCalled();

	// Ctrl+U clears; a paste arrives as one chunk.
	await press(screen, '\u0015', '1.3.0rc1');
	expect(plain(await waitForFrame(screen, '✓ 1.3.0rc1 follows 1.2.3'))).toContain('> 1.3.0rc1');
	expect(widest(screen.lastFrame()!)).toBeLessThanOrEqual(60);
	await press(screen, keys.enter);
	expect(onChoose).toHaveBeenCalledWith(['1.3.0rc1']);
});

test('Esc leaves the typed version for the list, and q on the list quits without choosing', async () => {
	const onChoose = vi.fn();
	const onQuit = vi.fn();
	const screen = render(<VersionScreen packages={[{name: 'a', normalizedName: 'a', version: 'not-a-version'}]} versioning="synchronized" columns={60} onChoose={onChoose} onQuit={onQuit} />);
	const frame = plain(await waitForFrame(screen, 'type a version'));
	expect(frame).toContain('not-a-version is not a PEP 440 version: type the next one.');
	// Only keep and "type a version" are offered for a version nobody can bump.
	await moveTo(screen, 'type a version');
	await press(screen, keys.enter);
	await waitForFrame(screen, 'Type the next version');
	await press(screen, 'q');
	expect(onQuit).not.toHaveBeenCalled();
	await press(screen, keys.escape);
	await waitForFrame(screen, frame => !frame.includes('Type the next version') && frame.includes('q quit'));
	await press(screen, 'q');
	expect(onQuit).toHaveBeenCalledTimes(1);
	expect(onChoose).not.toHaveBeenCalled();
});

test('independent versions: one list per package in turn, "not this time" leaves a package out, Esc goes back one package', async () => {
	const onChoose = vi.fn();
	const packages = [
		{name: 'pkg-a', normalizedName: 'pkg-a', version: '1.0.0'},
		{name: 'Pkg_B', normalizedName: 'pkg-b', version: '0.4.0'},
		{name: 'pkg-c', normalizedName: 'pkg-c', version: '2.0.0'},
	];
	const screen = render(<VersionScreen packages={packages} versioning="independent" columns={60} onChoose={onChoose} onQuit={() => {}} />);
	expect(plain(await waitForFrame(screen, 'pkg-a (1 of 3), now 1.0.0'))).toContain('not this time (pkg-a is not released)');
	await moveTo(screen, 'minor');
	await press(screen, keys.enter);
	let frame = plain(await waitForFrame(screen, 'Pkg_B (2 of 3), now 0.4.0'));
	expect(frame).toContain('pkg-a 1.0.0 → 1.1.0');
	// Back to pkg-a, pick major this time.
	await press(screen, keys.escape);
	await waitForFrame(screen, 'pkg-a (1 of 3)');
	await moveTo(screen, 'major');
	await press(screen, keys.enter);
	frame = plain(await waitForFrame(screen, 'Pkg_B (2 of 3)'));
	expect(frame).toContain('pkg-a 1.0.0 → 2.0.0');
	await moveTo(screen, 'not this time');
	await press(screen, keys.enter);
	frame = plain(await waitForFrame(screen, 'pkg-c (3 of 3)'));
	expect(frame).toContain('Pkg_B not released');
	// pkg-c: type 2.1.0.
	const items = frame.split('\n').filter(line => line.includes('type a version'));
	expect(items).toHaveLength(1);
	await moveTo(screen, 'type a version');
	await press(screen, keys.enter);
	await waitForFrame(screen, 'Type the next version of pkg-c');
	await press(screen, '2.1.0', keys.enter);
	expect(onChoose).toHaveBeenCalledWith(['pkg-a=major', 'pkg-c=2.1.0']);
});

test('independent versions with every package left out ask again instead of answering an empty release', async () => {
	const onChoose = vi.fn();
	const packages = [
		{name: 'pkg-a', normalizedName: 'pkg-a', version: '1.0.0'},
		{name: 'pkg-b', normalizedName: 'pkg-b', version: '1.0.0'},
	];
	const screen = render(<VersionScreen packages={packages} versioning="independent" columns={60} onChoose={onChoose} onQuit={() => {}} />);
	await waitForFrame(screen, 'pkg-a (1 of 2)');
	await moveTo(screen, 'not this time');
	await press(screen, keys.enter);
	await waitForFrame(screen, 'pkg-b (2 of 2)');
	await moveTo(screen, 'not this time');
	await press(screen, keys.enter);
	expect(plain(await waitForFrame(screen, 'Nothing to release'))).toContain('pkg-a (1 of 2)');
	expect(onChoose).not.toHaveBeenCalled();
	await press(screen, keys.enter);
	await waitForFrame(screen, 'pkg-b (2 of 2)');
	await moveTo(screen, 'not this time');
	await press(screen, keys.enter);
	expect(onChoose).toHaveBeenCalledWith(['pkg-a=patch']);
});

test('? shows the help for the version screen and hides it again', async () => {
	const screen = render(<VersionScreen packages={one} versioning="synchronized" columns={60} onChoose={() => {}} onQuit={() => {}} />);
	await waitForFrame(screen, 'type a version');
	await press(screen, '?');
	const frame = plain(await waitForFrame(screen, 'PEP 440 version greater than'));
	expect(widest(frame)).toBeLessThanOrEqual(60);
	await press(screen, '?');
	await waitForFrame(screen, frame => !frame.includes('PEP 440 version greater than'));
});

test('a synchronized monorepo names its packages on one line, cut rather than wrapped', async () => {
	const packages = Array.from({length: 30}, (_, index) => ({name: `package-${index}`, normalizedName: `package-${index}`, version: '3.0.0'}));
	const onChoose = vi.fn();
	const screen = render(<VersionScreen packages={packages} versioning="synchronized" columns={60} onChoose={onChoose} onQuit={() => {}} />);
	const frame = plain(await waitForFrame(screen, '30 packages, now 3.0.0'));
	expect(frame).toMatch(/\n {2}package-0, package-1, .*…\n/);
	expect(widest(frame)).toBeLessThanOrEqual(60);
	await press(screen, keys.enter);
	expect(onChoose).toHaveBeenCalledWith(['patch']);
});

test('independent versions over many packages keep only the last few picks on screen', async () => {
	const packages = Array.from({length: 8}, (_, index) => ({name: `pkg-${index}`, normalizedName: `pkg-${index}`, version: '1.0.0'}));
	const onChoose = vi.fn();
	const screen = render(<VersionScreen packages={packages} versioning="independent" columns={60} onChoose={onChoose} onQuit={() => {}} />);
	for (let index = 0; index < 7; index++) {
		await waitForFrame(screen, `pkg-${index} (${index + 1} of 8)`);
		await press(screen, keys.enter);
	}

	const frame = plain(await waitForFrame(screen, 'pkg-7 (8 of 8)'));
	expect(frame).toContain('3 earlier packages chosen');
	expect(frame).not.toContain('pkg-2 1.0.0 → 1.0.1');
	expect(frame).toContain('pkg-3 1.0.0 → 1.0.1');
	expect(frame).toContain('pkg-6 1.0.0 → 1.0.1');
	await moveTo(screen, 'major');
	await press(screen, keys.enter);
	expect(onChoose).toHaveBeenCalledWith([...packages.slice(0, 7).map(release => `${release.normalizedName}=patch`), 'pkg-7=major']);
});
