import { useEffect, useRef, useState } from '@wordpress/element';
import type { Route } from './useRoute';

/** How often a live screen asks again: a minute, as CoCart's guide's monitorActiveCarts polls. */
export const LIVE_EVERY_MS = 60_000;

export interface LiveRefresh {
	/** Seconds since the last answer (counted while the tab is visible), or null before the first. */
	secondsAgo: number | null;
	/** Live, but waiting for the browser tab to be visible again. */
	paused: boolean;
}

function isVisible(): boolean {
	return document.visibilityState !== 'hidden';
}

/**
 * Keeps a route's answer live: asks again quietly (route.refreshLive()) once `everyMs` has passed since its last
 * answer or attempt — only while the browser tab is visible (a hidden tab asks nothing; coming back asks at once
 * if an answer is due) and only when the route is idle, so there is never a second request in flight, whether
 * its own, a poll's or one a person started.
 * @param route   The route to keep live (useRoute()).
 * @param enabled Off: nothing is asked.
 * @param everyMs Between answers.
 */
export function useLiveRefresh(
	route: Pick< Route< unknown >, 'idle' | 'answeredAt' | 'refreshLive' >,
	enabled = true,
	everyMs = LIVE_EVERY_MS
): LiveRefresh {
	const [ visible, setVisible ] = useState( isVisible );
	const [ now, setNow ] = useState( () => Date.now() );
	const [ attemptedAt, setAttemptedAt ] = useState< number | null >( null );

	useEffect( () => {
		const onChange = () => {
			setVisible( isVisible() );
			setNow( Date.now() );
		};
		document.addEventListener( 'visibilitychange', onChange );
		return () =>
			document.removeEventListener( 'visibilitychange', onChange );
	}, [] );

	// A clock, only while the tab is visible: for "updated N seconds ago" and to see when the next ask is due.
	useEffect( () => {
		if ( ! visible ) {
			return;
		}
		const timer = setInterval( () => setNow( Date.now() ), 1000 );
		return () => clearInterval( timer );
	}, [ visible ] );

	const { idle, answeredAt, refreshLive } = route;
	const ask = useRef( refreshLive );
	ask.current = refreshLive;
	// A failed ask waits its minute too (the attempt counts, not only answers).
	const since = Math.max( answeredAt ?? 0, attemptedAt ?? 0 );
	const due =
		enabled &&
		visible &&
		idle &&
		answeredAt !== null &&
		now - since >= everyMs;
	useEffect( () => {
		if ( due ) {
			setAttemptedAt( Date.now() );
			ask.current();
		}
	}, [ due ] );

	return {
		secondsAgo:
			answeredAt === null
				? null
				: Math.max( 0, Math.floor( ( now - answeredAt ) / 1000 ) ),
		paused: enabled && ! visible,
	};
}
