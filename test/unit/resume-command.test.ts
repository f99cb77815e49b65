import {expect, test} from 'vitest';
import {parseArguments} from '../../source/cli/arguments.js';
import {resumeCommandText} from '../../source/cli/resume-command.js';

test('the resume command keeps every option but --bump and --restart, quoted as a shell would need', () => {
	const {options} = parseArguments(['--ci', '--restart', '--bump', 'minor', '--skip', 'tests,build', '--allow-file', 'a b.py', '--allow-file', 'c.py', '--no-isolation', 'repo']);
	expect(resumeCommandText(options, '/work/my repo')).toBe("wizard --ci --skip tests,build --allow-file 'a b.py' --allow-file c.py --no-isolation '/work/my repo'");
});
