// BLAKE2b (RFC 7693) with a 256-bit digest, streaming. PyPI names files by their blake2b-256
// digest, and Node's OpenSSL only offers the fixed 512-bit variant.
// 64-bit words are held as (low, high) pairs of 32-bit integers in a Uint32Array.

const iv = new Uint32Array([
	0xf3_bc_c9_08, 0x6a_09_e6_67, 0x84_ca_a7_3b, 0xbb_67_ae_85, 0xfe_94_f8_2b, 0x3c_6e_f3_72, 0x5f_1d_36_f1, 0xa5_4f_f5_3a, 0xad_e6_82_d1, 0x51_0e_52_7f,
	0x2b_3e_6c_1f, 0x9b_05_68_8c, 0xfb_41_bd_6b, 0x1f_83_d9_ab, 0x13_7e_21_79, 0x5b_e0_cd_19,
]);

const sigma = [
	[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
	[14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
	[11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
	[7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
	[9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
	[2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
	[12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
	[13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
	[6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
	[10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
	[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
	[14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
].map(row => row.map(index => index * 2));

const blockBytes = 128;

export class Blake2b256 {
	private readonly state = new Uint32Array(16);
	private readonly work = new Uint32Array(32);
	private readonly message = new Uint32Array(32);
	private readonly block = new Uint8Array(blockBytes);
	private filled = 0;
	// Byte counter as two 32-bit halves is enough: files stay far below 2^53 bytes.
	private counted = 0;
	private finished = false;

	constructor() {
		this.state.set(iv);
		// Parameter block: digest length 32, no key, fanout 1, depth 1.
		this.state[0] = this.state[0]! ^ (0x01_01_00_00 ^ 32);
	}

	update(data: Uint8Array): this {
		let offset = 0;
		while (offset < data.length) {
			if (this.filled === blockBytes) {
				this.counted += blockBytes;
				this.compress(false);
				this.filled = 0;
			}

			const take = Math.min(blockBytes - this.filled, data.length - offset);
			this.block.set(data.subarray(offset, offset + take), this.filled);
			this.filled += take;
			offset += take;
		}

		return this;
	}

	digest(): Buffer {
		if (this.finished) {
			throw new Error('digest() was already called');
		}

		this.finished = true;
		this.counted += this.filled;
		this.block.fill(0, this.filled);
		this.compress(true);
		const out = Buffer.alloc(32);
		for (let index = 0; index < 8; index++) {
			out.writeUInt32LE(this.state[index]! >>> 0, index * 4);
		}

		return out;
	}

	hexDigest(): string {
		return this.digest().toString('hex');
	}

	private compress(last: boolean): void {
		const v = this.work;
		const m = this.message;
		const h = this.state;
		for (let index = 0; index < 16; index++) {
			v[index] = h[index]!;
			v[index + 16] = iv[index]!;
		}

		v[24] = v[24]! ^ (this.counted >>> 0);
		v[25] = v[25]! ^ Math.floor(this.counted / 0x1_00_00_00_00);
		if (last) {
			v[28] = ~v[28]!;
			v[29] = ~v[29]!;
		}

		const block = this.block;
		for (let index = 0; index < 32; index++) {
			const at = index * 4;
			m[index] = block[at]! | (block[at + 1]! << 8) | (block[at + 2]! << 16) | (block[at + 3]! << 24);
		}

		for (let round = 0; round < 12; round++) {
			const s = sigma[round]!;
			mix(v, m, 0, 8, 16, 24, s[0]!, s[1]!);
			mix(v, m, 2, 10, 18, 26, s[2]!, s[3]!);
			mix(v, m, 4, 12, 20, 28, s[4]!, s[5]!);
			mix(v, m, 6, 14, 22, 30, s[6]!, s[7]!);
			mix(v, m, 0, 10, 20, 30, s[8]!, s[9]!);
			mix(v, m, 2, 12, 22, 24, s[10]!, s[11]!);
			mix(v, m, 4, 14, 16, 26, s[12]!, s[13]!);
			mix(v, m, 6, 8, 18, 28, s[14]!, s[15]!);
		}

		for (let index = 0; index < 16; index++) {
			h[index] = h[index]! ^ v[index]! ^ v[index + 16]!;
		}
	}
}

// v[a] += v[b] + word, as 64-bit (low, high) pairs.
function add(v: Uint32Array, a: number, b: number): void {
	const low = v[a]! + v[b]!;
	let high = v[a + 1]! + v[b + 1]!;
	if (low >= 0x1_00_00_00_00) {
		high++;
	}

	v[a] = low;
	v[a + 1] = high;
}

function addWord(v: Uint32Array, a: number, low0: number, high0: number): void {
	const low = v[a]! + low0;
	let high = v[a + 1]! + high0;
	if (low >= 0x1_00_00_00_00) {
		high++;
	}

	v[a] = low;
	v[a + 1] = high;
}

function xorRotate(v: Uint32Array, a: number, b: number, bits: number): void {
	const low = v[a]! ^ v[b]!;
	const high = v[a + 1]! ^ v[b + 1]!;
	if (bits === 32) {
		v[a] = high;
		v[a + 1] = low;
	} else if (bits < 32) {
		v[a] = (low >>> bits) | (high << (32 - bits));
		v[a + 1] = (high >>> bits) | (low << (32 - bits));
	} else {
		const shift = bits - 32;
		v[a] = (high >>> shift) | (low << (32 - shift));
		v[a + 1] = (low >>> shift) | (high << (32 - shift));
	}
}

function mix(v: Uint32Array, m: Uint32Array, a: number, b: number, c: number, d: number, x: number, y: number): void {
	add(v, a, b);
	addWord(v, a, m[x]!, m[x + 1]!);
	xorRotate(v, d, a, 32);
	add(v, c, d);
	xorRotate(v, b, c, 24);
	add(v, a, b);
	addWord(v, a, m[y]!, m[y + 1]!);
	xorRotate(v, d, a, 16);
	add(v, c, d);
	xorRotate(v, b, c, 63);
}
