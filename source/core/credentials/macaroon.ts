/** The parts of a macaroon that say what a token may do; the signature is never kept. */
export type Macaroon = {
	readonly location: string;
	readonly identifier: string;
	/** First-party caveat predicates, as UTF-8 text, in order. */
	readonly caveats: readonly string[];
};

export class MacaroonFormatError extends Error {}

const binaryVersion2 = 2;
const field = {endOfSection: 0, location: 1, identifier: 2, verificationId: 4, signature: 6} as const;
const signatureLength = 32;

/**
 * Decodes a serialized macaroon (base64, URL-safe or standard, padding optional) in the binary
 * V2 format PyPI issues, or the older text-packet V1 format. Throws MacaroonFormatError.
 */
export function decodeMacaroon(serialized: string): Macaroon {
	if (!/^[\w+/-]+={0,2}$/.test(serialized)) {
		throw new MacaroonFormatError('it contains characters that cannot appear in base64');
	}

	const bytes = Buffer.from(serialized.replaceAll('-', '+').replaceAll('_', '/'), 'base64');
	if (bytes.length === 0) {
		throw new MacaroonFormatError('it is empty');
	}

	return bytes[0] === binaryVersion2 ? decodeVersion2(bytes) : decodeVersion1(bytes);
}

type Packet = {readonly type: number; readonly data: Buffer};

function decodeVersion2(bytes: Buffer): Macaroon {
	const reader = new PacketReader(bytes, 1);
	const header = reader.section();
	let location = '';
	if (header[0]?.type === field.location) {
		location = header.shift()!.data.toString('utf8');
	}

	if (header.length !== 1 || header[0]!.type !== field.identifier) {
		throw new MacaroonFormatError('its header has no identifier');
	}

	const identifier = header[0]!.data.toString('utf8');
	const caveats: string[] = [];
	for (let section = reader.section(); section.length > 0; section = reader.section()) {
		const [first, second] = section;
		// Third-party caveats (with a location and a verification id) restrict nothing PyPI checks.
		if (first?.type === field.identifier && second === undefined) {
			caveats.push(first.data.toString('utf8'));
		} else if (!section.some(packet => packet.type === field.identifier)) {
			throw new MacaroonFormatError('a caveat has no identifier');
		}
	}

	const signature = reader.packet();
	if (signature.type !== field.signature || signature.data.length !== signatureLength) {
		throw new MacaroonFormatError('it has no valid signature');
	}

	return {location, identifier, caveats};
}

class PacketReader {
	#offset: number;

	constructor(
		private readonly bytes: Buffer,
		offset: number,
	) {
		this.#offset = offset;
	}

	/** Packets up to the next end-of-section marker. */
	section(): Packet[] {
		const packets: Packet[] = [];
		for (;;) {
			const packet = this.packet();
			if (packet.type === field.endOfSection) {
				return packets;
			}

			packets.push(packet);
		}
	}

	packet(): Packet {
		const type = this.varint();
		if (type === field.endOfSection) {
			return {type, data: Buffer.alloc(0)};
		}

		const length = this.varint();
		const end = this.#offset + length;
		if (end > this.bytes.length) {
			throw new MacaroonFormatError('it is cut short');
		}

		const data = this.bytes.subarray(this.#offset, end);
		this.#offset = end;
		return {type, data};
	}

	private varint(): number {
		let value = 0;
		for (let shift = 0; shift < 35; shift += 7) {
			const byte = this.bytes[this.#offset++];
			if (byte === undefined) {
				throw new MacaroonFormatError('it is cut short');
			}

			value += (byte & 0x7f) * 2 ** shift;
			if ((byte & 0x80) === 0) {
				return value;
			}
		}

		throw new MacaroonFormatError('it holds a malformed length');
	}
}

/** V1: packets of a 4-hex-digit length, then `key value\n`. */
function decodeVersion1(bytes: Buffer): Macaroon {
	let location: string | undefined;
	let identifier: string | undefined;
	let signature: Buffer | undefined;
	const caveats: string[] = [];
	let thirdParty = false;
	for (let offset = 0; offset < bytes.length; ) {
		const lengthText = bytes.subarray(offset, offset + 4).toString('latin1');
		if (!/^[\da-f]{4}$/i.test(lengthText)) {
			throw new MacaroonFormatError('it is not a macaroon');
		}

		const length = Number.parseInt(lengthText, 16);
		if (length < 6 || offset + length > bytes.length) {
			throw new MacaroonFormatError('it is cut short');
		}

		const content = bytes.subarray(offset + 4, offset + length - 1);
		const space = content.indexOf(0x20);
		if (space === -1) {
			throw new MacaroonFormatError('it is not a macaroon');
		}

		const key = content.subarray(0, space).toString('latin1');
		const value = content.subarray(space + 1);
		switch (key) {
			case 'location': {
				location = value.toString('utf8');
				break;
			}

			case 'identifier': {
				identifier = value.toString('utf8');
				break;
			}

			case 'cid': {
				caveats.push(value.toString('utf8'));
				thirdParty = false;
				break;
			}

			case 'vid':
			case 'cl': {
				if (!thirdParty) {
					caveats.pop();
					thirdParty = true;
				}

				break;
			}

			case 'signature': {
				signature = value;
				break;
			}

			default: {
				throw new MacaroonFormatError('it is not a macaroon');
			}
		}

		offset += length;
	}

	if (identifier === undefined || signature?.length !== signatureLength) {
		throw new MacaroonFormatError('it is not a complete macaroon');
	}

	return {location: location ?? '', identifier, caveats};
}
