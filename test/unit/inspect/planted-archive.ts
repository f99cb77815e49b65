import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {temporaryFolder} from '../../helpers/temp.js';
import {python, requirePythonModules} from '../../helpers/tools.js';

/** A member's bytes: text (UTF-8), UTF-16 text with its byte order mark, or text embedded in binary. */
export type PlantedMember =
	| {readonly name: string; readonly text: string}
	| {readonly name: string; readonly utf16: string; readonly bom?: boolean}
	| {readonly name: string; readonly binary: string}
	/** The bytes of a file already written (a bomb). */
	| {readonly name: string; readonly file: string}
	| {readonly name: string; readonly nested: PlantedArchive};

export type PlantedArchive = {readonly format: 'zip' | 'tar.gz' | 'tar' | 'gz'; readonly members: readonly PlantedMember[]};

// Python's zipfile and tarfile write the archives, as the build backends do.
const builder = String.raw`
import io, json, sys, tarfile, zipfile, gzip
def content(m):
    if 'nested' in m: return build(m['nested'])
    if 'file' in m: return open(m['file'], 'rb').read()
    if 'utf16' in m: return m['utf16'].encode('utf-16' if m.get('bom', True) else 'utf-16-le')
    if 'binary' in m: return b'\x7fELF\x02\x01\x01\x00' + bytes(range(256)) + b'\x00' * 64 + m['binary'].encode() + b'\x00\xff' * 64
    return m['text'].encode()
def build(spec):
    fmt, members = spec['format'], spec['members']
    if fmt == 'gz': return gzip.compress(content(members[0]))
    buf = io.BytesIO()
    if fmt == 'zip':
        with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
            for m in members: z.writestr(m['name'], content(m))
    else:
        with tarfile.open(fileobj=buf, mode='w:gz' if fmt == 'tar.gz' else 'w') as t:
            for m in members:
                data = content(m); info = tarfile.TarInfo(m['name']); info.size = len(data); t.addfile(info, io.BytesIO(data))
    return buf.getvalue()
spec = json.load(sys.stdin)
open(spec['out'], 'wb').write(build(spec['archive']))
`;

/** Writes `archive` as `filename` in a temp folder; returns its path. */
export async function plantedArchive(filename: string, archive: PlantedArchive): Promise<string> {
	requirePythonModules(['zipfile', 'tarfile'], 'python3');
	const out = path.join(await temporaryFolder('wizard-planted-'), filename);
	execFileSync(python, ['-c', builder], {input: JSON.stringify({out, archive})});
	return out;
}

/** A gzip'd tar whose one member claims (and inflates to) `bytes` of zeros, made in milliseconds from repeated gzip members. */
export async function tarBomb(filename: string, bytes: number): Promise<string> {
	const out = path.join(await temporaryFolder('wizard-bomb-'), filename);
	const script = String.raw`
import gzip, sys, tarfile
out, size = sys.argv[1], int(sys.argv[2])
info = tarfile.TarInfo('bomb/zeros.bin'); info.size = size
chunk = gzip.compress(b'\0' * (8 << 20), 1)
with open(out, 'wb') as f:
    f.write(gzip.compress(info.tobuf()))
    for _ in range(size // (8 << 20) + 1): f.write(chunk)
`;
	execFileSync(python, ['-c', script, out, String(bytes)]);
	return out;
}
