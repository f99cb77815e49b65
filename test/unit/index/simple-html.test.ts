import {expect, test} from 'vitest';
import {parseSimpleHtml} from '../../../source/core/index/simple-html.js';

const sha = (digit: string): string => digit.repeat(64);

test('reads the warehouse project page: hashes, requires-python, yanks with and without reason', () => {
	const html = `<!DOCTYPE html>
<html lang="en">
  <head><meta name="pypi:repository-version" content="1.4"><title>Links for demo</title></head>
  <body>
    <h1>Links for demo</h1>
    <a href="https://files.example.org/packages/aa/bb/demo-1.0.tar.gz#sha256=${sha('a')}" data-requires-python="&gt;=3.9">demo-1.0.tar.gz</a><br />
    <a href="../../files/demo-1.1-py3-none-any.whl#sha256=${sha('B')}" data-yanked="">demo-1.1-py3-none-any.whl</a><br />
    <a href='/files/demo-1.2.tar.gz#md5=0123' data-yanked="broken &amp; bad">demo-1.2.tar.gz</a>
    <a href="demo-1.3.tar.gz" data-yanked>demo-1.3.tar.gz</a>
  </body>
</html>`;
	expect(parseSimpleHtml(html, 'https://index.example.org/simple/demo/')).toEqual([
		{filename: 'demo-1.0.tar.gz', url: 'https://files.example.org/packages/aa/bb/demo-1.0.tar.gz', sha256: sha('a'), yanked: false, requiresPython: '>=3.9'},
		{filename: 'demo-1.1-py3-none-any.whl', url: 'https://index.example.org/files/demo-1.1-py3-none-any.whl', sha256: sha('b'), yanked: true},
		{filename: 'demo-1.2.tar.gz', url: 'https://index.example.org/files/demo-1.2.tar.gz', sha256: undefined, yanked: 'broken & bad'},
		{filename: 'demo-1.3.tar.gz', url: 'https://index.example.org/simple/demo/demo-1.3.tar.gz', sha256: undefined, yanked: true},
	]);
});

test('resolves links against <base href> and takes the name from the URL when the anchor has no text', () => {
	const html = `<html><head><base href="https://cdn.example.org/pkgs/"></head><body><a href="x/demo-2.0.tar.gz#sha256=${sha('c')}"></a></body></html>`;
	expect(parseSimpleHtml(html, 'https://index.example.org/simple/demo/')).toEqual([
		{filename: 'demo-2.0.tar.gz', url: 'https://cdn.example.org/pkgs/x/demo-2.0.tar.gz', sha256: sha('c'), yanked: false},
	]);
});

test('a page with no anchors lists no files', () => {
	expect(parseSimpleHtml('<html><body><h1>Links for demo</h1></body></html>', 'https://i/simple/demo/')).toEqual([]);
});
