import {expect, test} from 'vitest';
import {chooseRepresentation} from '../../../source/sandbox/simple.js';

// PEP 691 negotiation as warehouse does it: never 406, HTML unless JSON is preferred.

const pip = 'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01';

test.each([
	[undefined, 'text/html; charset=utf-8'],
	['text/plain', 'text/html; charset=utf-8'],
	['*/*', 'text/html; charset=utf-8'],
	['text/html', 'text/html; charset=utf-8'],
	['application/vnd.pypi.simple.v1+html', 'application/vnd.pypi.simple.v1+html; charset=utf-8'],
	['application/vnd.pypi.simple.v1+json', 'application/vnd.pypi.simple.v1+json'],
	['application/vnd.pypi.simple.latest+json', 'application/vnd.pypi.simple.v1+json'],
	['text/html, application/vnd.pypi.simple.v1+html, application/vnd.pypi.simple.v1+json', 'text/html; charset=utf-8'],
	['text/html;q=0.01, application/vnd.pypi.simple.v1+html;q=0.2, application/vnd.pypi.simple.v1+json', 'application/vnd.pypi.simple.v1+json'],
	[pip, 'application/vnd.pypi.simple.v1+json'],
	['application/vnd.pypi.simple.v1+json, */*;q=0.1', 'application/vnd.pypi.simple.v1+json'],
])('Accept %s selects %s', (accept, contentType) => {
	expect(chooseRepresentation(accept).contentType).toBe(contentType);
});
