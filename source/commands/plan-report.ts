import type {Plan} from '../core/plan/types.js';
import type {VersionLocation} from '../core/version/types.js';

const width = 80;

/** The plan as stable JSON (documented in the README). */
export function planJson(plan: Plan): object {
	return {
		root: plan.root,
		versioning: plan.versioning,
		packages: plan.packages.map(item => ({
			name: item.name,
			normalizedName: item.normalizedName,
			version: item.version,
			path: item.path,
			backend: item.backend,
			metadataSource: item.metadataSource,
			dependencies: item.dependencies,
			versionLocations: item.versionLocations.map(({file, line, text}) => ({file, line, text})),
		})),
		batches: plan.batches,
		versionFiles: plan.sharedVersionLocations.map(({file, line, text}) => ({file, line, text})),
		buildToggles: plan.buildToggles,
		excluded: plan.excluded,
		warnings: plan.warnings,
	};
}

/** One table by batch, readable at 80 columns, then the warnings. */
export function planText(plan: Plan): string {
	const byName = new Map(plan.packages.map(item => [item.normalizedName, item]));
	const versions = [...new Set(plan.packages.map(item => item.version))];
	const lines: string[] = [
		`Repository ${plan.root}`,
		`${count(plan.packages.length, 'package')} in ${count(plan.batches.length, 'batch', 'batches')}, versioning ${plan.versioning}${
			plan.versioning === 'synchronized' && versions.length === 1 ? ` at ${versions[0]}` : ''
		}`,
		'',
	];

	const nameWidth = Math.min(28, Math.max(7, ...plan.packages.map(item => item.name.length)));
	const versionWidth = Math.min(16, Math.max(7, ...plan.packages.map(item => item.version.length)));
	lines.push(fit(`${'Batch'.padEnd(6)}${'Package'.padEnd(nameWidth + 2)}${'Version'.padEnd(versionWidth + 2)}Path`));
	for (const [index, batch] of plan.batches.entries()) {
		for (const [position, name] of batch.entries()) {
			const item = byName.get(name)!;
			const batchLabel = position === 0 ? String(index + 1) : '';
			lines.push(fit(`${batchLabel.padEnd(6)}${item.name.padEnd(nameWidth + 2)}${item.version.padEnd(versionWidth + 2)}${item.path}`));
			if (item.dependencies.length > 0) {
				lines.push(fit(`${indent}needs ${item.dependencies.join(', ')}`));
			}

			for (const location of item.versionLocations) {
				lines.push(locationLine(location));
			}
		}
	}

	if (plan.sharedVersionLocations.length > 0) {
		lines.push('', 'Version files outside the packages');
		for (const location of plan.sharedVersionLocations) {
			lines.push(locationLine(location));
		}
	}

	if (plan.buildToggles.length > 0) {
		lines.push('', 'Build toggles');
		for (const toggle of plan.buildToggles) {
			lines.push(fit(`${indent}${toggle.path}`), ...wrapIndented(`"${toggle.otherwise}" -> "${toggle.duringBuild}" while building`, `${indent}  `));
		}
	}

	if (plan.excluded.length > 0) {
		lines.push('', 'Excluded (not release packages)');
		for (const project of plan.excluded) {
			lines.push(fit(`${indent}${project.path}`), ...wrapIndented(project.reason, `${indent}  `), ...wrapIndented(`to release it: ${project.include}`, `${indent}  `));
		}
	}

	if (plan.warnings.length > 0) {
		lines.push('', count(plan.warnings.length, 'warning'));
		for (const warning of plan.warnings) {
			lines.push(...wrap(`! ${warning}`, '  '));
		}
	}

	return `${lines.join('\n')}\n`;
}

const indent = ' '.repeat(6);

/** `file:line  text`; when too wide, the file path gives way (from the left), not the version. */
function locationLine(location: VersionLocation): string {
	const text = location.text.trim();
	const place = `${location.file}:${location.line}`;
	const room = width - indent.length - text.length - 2;
	const shortPlace = place.length <= room || room < 12 ? place : `…${place.slice(place.length - room + 1)}`;
	return fit(`${indent}${shortPlace}  ${text}`);
}

function count(amount: number, singular: string, plural = `${singular}s`): string {
	return `${amount} ${amount === 1 ? singular : plural}`;
}

function fit(line: string): string {
	return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}

function wrap(text: string, indent: string): string[] {
	const lines: string[] = [];
	let current = '';
	for (const word of text.split(' ')) {
		if (current !== '' && current.length + word.length + 1 > width) {
			lines.push(current);
			current = indent + word;
		} else {
			current = current === '' ? word : `${current} ${word}`;
		}
	}

	if (current !== '') {
		lines.push(current);
	}

	return lines;
}

/** `text` wrapped at the width, every line starting with `prefix`. */
function wrapIndented(text: string, prefix: string): string[] {
	return wrap(`${prefix.replaceAll(' ', '\u00A0')}${text}`, prefix).map(line => line.replaceAll('\u00A0', ' '));
}
