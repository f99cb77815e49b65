import {createHash, randomBytes} from 'node:crypto';
import {expect, test} from 'vitest';
import {createDigestStream} from '../../../source/sandbox/file-digests.js';
import {blake2} from '../../integration/sandbox/http.js';

// PyPI names files by blake2b-256; the digest must equal Python's hashlib for any input and any
// chunking, or every FL10/FL11 message and file URL would be wrong.

test.each([0, 1, 127, 128, 129, 255, 256, 1000, 70_001])('%i bytes in uneven chunks match hashlib.blake2b(digest_size=32)', async size => {
	const data = randomBytes(size);
	const stream = await createDigestStream();
	for (let offset = 0; offset < size; offset += 61) {
		stream.update(data.subarray(offset, offset + 61));
	}

	expect(stream.hexDigests()).toEqual({
		md5: createHash('md5').update(data).digest('hex'),
		sha256: createHash('sha256').update(data).digest('hex'),
		blake2_256: blake2(data),
	});
});

test('the same bytes in two different chunkings give the same digests', async () => {
	const data = randomBytes(300_000);
	const [whole, pieces] = [await createDigestStream(), await createDigestStream()];
	whole.update(data);
	for (let offset = 0; offset < data.length; offset += 65_536 + 7) {
		pieces.update(data.subarray(offset, offset + 65_536 + 7));
	}

	expect(pieces.hexDigests()).toEqual(whole.hexDigests());
});

test('known answer: blake2b-256 of the empty input (RFC 7693 parameters, digest_size=32)', async () => {
	const stream = await createDigestStream();
	expect(stream.hexDigests().blake2_256).toBe('0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8');
});
