import {expect, test} from 'vitest';
import {releasedPackages} from '../../../source/core/release/steps/downstream.js';
import {releaseTags} from '../../../source/core/release/steps/tag.js';
import type {PackageRecord, ReleaseRecord} from '../../../source/core/release/types.js';
import {sampleRecord} from '../../helpers/release-record.js';

function independent(): ReleaseRecord {
	const release = (name: string, version: string, batch: number): PackageRecord => ({
		name,
		normalizedName: name.toLowerCase().replaceAll('_', '-'),
		path: name,
		previousVersion: '1.0.0',
		version,
		batch,
		status: 'built',
		files: [],
		uploads: {test: {}, production: {}},
		installCheck: undefined,
	});
	return {...sampleRecord(), versioning: 'independent', version: undefined, packages: {'zulip': release('zulip', '0.9.2', 0), 'zulip-bots': release('zulip_bots', '1.4.0', 1)}, batches: [['zulip'], ['zulip-bots']]};
}

test('a synchronized release has one tag from the template', () => {
	expect(releaseTags(sampleRecord(), 'v{version}')).toEqual([{name: 'v1.1.0', version: '1.1.0', packages: ['core']}]);
});

test('independent versions get one tag per package, {name}-v{version} when the template does not name the package', () => {
	expect(releaseTags(independent(), 'v{version}').map(tag => tag.name)).toEqual(['zulip-v0.9.2', 'zulip_bots-v1.4.0']);
	expect(releaseTags(independent(), 'release/{name}/{version}').map(tag => tag.name)).toEqual(['release/zulip/0.9.2', 'release/zulip_bots/1.4.0']);
	expect(releasedPackages(independent(), 'v{version}')).toEqual(
		new Map([
			['zulip', {version: '0.9.2', tag: 'zulip-v0.9.2'}],
			['zulip-bots', {version: '1.4.0', tag: 'zulip_bots-v1.4.0'}],
		]),
	);
});
