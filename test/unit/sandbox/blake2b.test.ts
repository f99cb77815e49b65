import {randomBytes} from 'node:crypto';
import {expect, test} from 'vitest';
import {Blake2b256} from '../../../source/sandbox/blake2b.js';
import {blake2} from '../../integration/sandbox/http.js';

// PyPI names files by blake2b-256; the digest must equal Python's hashlib for any input and any
// chunking, or every FL10/FL11 message and file URL would be wrong.

test.each([0, 1, 127, 128, 129, 255, 256, 1000, 70_001])('%i bytes in uneven chunks match hashlib.blake2b(digest_size=32)', size => {
	const data = randomBytes(size);
	const hash = new Blake2b256();
	for (let offset = 0; offset < size; offset += 61) {
		hash.update(data.subarray(offset, offset + 61));
	}

	expect(hash.hexDigest()).toBe(blake2(data));
});
