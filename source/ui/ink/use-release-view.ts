import {useEffect, useRef, useState} from 'react';
import type {ReleaseEngine} from '../../core/release/engine.js';
import {initialReleaseView, reduceReleaseView, type ReleaseView} from '../release-view.js';

/** At most this often a new view reaches React: ~10 renders a second however fast children write. */
export const renderIntervalMs = 100;

/**
 * The release as the live screens show it. Every event is reduced at once into a ref; a render
 * is scheduled only when the view changed, and at most once per `renderIntervalMs`, so a burst
 * of child output costs one render and an idle release costs none.
 */
export function useReleaseView(engine: Pick<ReleaseEngine, 'subscribe' | 'record'>): ReleaseView {
	const [view, setView] = useState(() => initialReleaseView(engine.record()));
	const latest = useRef(view);
	useEffect(() => {
		let timer: ReturnType<typeof setTimeout> | undefined;
		let rendered = latest.current;
		let renderedAt = 0;
		const flush = () => {
			timer = undefined;
			if (latest.current !== rendered) {
				rendered = latest.current;
				renderedAt = Date.now();
				setView(rendered);
			}
		};

		const unsubscribe = engine.subscribe((event, record) => {
			const next = reduceReleaseView(latest.current, event, record, Date.now());
			if (next === latest.current) {
				return;
			}

			latest.current = next;
			timer ??= setTimeout(flush, Math.max(0, renderedAt + renderIntervalMs - Date.now()));
		});
		return () => {
			unsubscribe();
			if (timer !== undefined) {
				clearTimeout(timer);
			}
		};
	}, [engine]);
	return view;
}
