import {describe, expect, test} from 'vitest';
import {firstUploadTime, newFilesWindowMs} from '../../../source/core/release/steps/upload.js';

describe('the first upload time of a release, for the 14-day rule', () => {
	test('is the earliest of the files, the JSON API\'s zone-less upload_time read as UTC', () => {
		expect(firstUploadTime(['2026-03-02T10:00:00.123456Z', '2026-03-01T09:00:00', undefined])).toBe(Date.parse('2026-03-01T09:00:00Z'));
	});

	test('is unknown when the index gives no time', () => {
		expect(firstUploadTime([undefined, 'not a time'])).toBeUndefined();
	});

	test('the window is 14 days', () => {
		expect(newFilesWindowMs).toBe(14 * 86_400_000);
	});
});
