import {createHash} from 'node:crypto';
import {createBLAKE2b} from 'hash-wasm';

/** The three digests PyPI records for a file; blake2b-256 also names the file's storage path. */
export type FileDigests = {
	readonly md5: string;
	readonly sha256: string;
	readonly blake2_256: string;
};

export type DigestStream = {
	update(chunk: Uint8Array): void;
	/** Ends the stream: no update after this. */
	hexDigests(): FileDigests;
};

/** Hashes a file as it streams by, in one pass, whatever the chunking. */
export async function createDigestStream(): Promise<DigestStream> {
	const md5 = createHash('md5');
	const sha256 = createHash('sha256');
	// hash-wasm, not Node's crypto: OpenSSL's blake2b512 has no 256-bit variant.
	const blake2 = await createBLAKE2b(256);
	return {
		update(chunk) {
			md5.update(chunk);
			sha256.update(chunk);
			blake2.update(chunk);
		},
		hexDigests() {
			return {md5: md5.digest('hex'), sha256: sha256.digest('hex'), blake2_256: blake2.digest('hex')};
		},
	};
}
