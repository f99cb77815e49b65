import readline from 'node:readline';
import {Writable} from 'node:stream';
import {exitCodes, WizardError} from '../core/errors.js';

/**
 * Asks a question on a terminal and reads the answer without echoing it: readline's output
 * goes through a stream that is muted once the question has been written.
 */
export async function readSecret(question: string, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<string> {
	let muted = false;
	const screen = new Writable({
		write(chunk: Buffer | string, _encoding, callback) {
			if (!muted) {
				output.write(chunk);
			}

			callback();
		},
	});
	const reader = readline.createInterface({input, output: screen, terminal: true});
	try {
		return await new Promise<string>((resolve, reject) => {
			reader.question(`${question} `, answer => {
				resolve(answer);
			});
			muted = true;
			reader.once('SIGINT', () => {
				reject(new WizardError('Interrupted.', exitCodes.interrupted));
			});
			reader.once('close', () => {
				reject(new WizardError('Input ended before an answer was given.', exitCodes.interrupted));
			});
		});
	} finally {
		muted = false;
		output.write('\n');
		reader.close();
	}
}

/** All of standard input, for `printf %s "$TOKEN" | wizard token set pypi`. */
export async function readAll(input: NodeJS.ReadableStream): Promise<string> {
	let text = '';
	for await (const chunk of input) {
		text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
	}

	return text;
}
