import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import type { ApiError } from '../api/client';

/** What a load is told about the request it makes. */
export interface LoadContext {
	/** Aborted when the component goes or the query changes. */
	signal: AbortSignal;
	/** The user asked to bypass the route's cache (refresh()); only the first request of that load. */
	refresh: boolean;
	/** A live refresh (refreshLive()): fresh data nobody asked for; only the first request of that load. */
	live: boolean;
	/** 0 for the first request of a load, then 1, 2… for the polls that follow it. */
	poll: number;
}

export interface RouteOptions< T > {
	/** After an answer: milliseconds until the next poll (0: at once), or false to stop. Without it: no polling. */
	pollAfter?: ( answer: T, poll: number ) => number | false;
	/** Each answer for the current query, as it arrives. */
	onAnswer?: ( answer: T ) => void;
	/**
	 * The answer to the first query's first request, already at hand (printed into the page): shown from the
	 * first render, and that request is not made (its polls follow as after any answer). Read on mount only.
	 */
	initial?: T | null;
}

export interface Route< T > {
	/** The last answer; it stays while the next one loads, and after a failure. */
	data: T | null;
	/** The last failure; cleared by the next answer. */
	error: ApiError | null;
	/** A request that replaces what is shown is on its way (polls and live refreshes are quiet: they do not set it). */
	loading: boolean;
	/** No request is on its way and no poll is waiting: another request would be the only one. */
	idle: boolean;
	/** When the last answer arrived (Date.now()), or null before the first. */
	answeredAt: number | null;
	/** Load again, asking the route to bypass its cache. */
	refresh: () => void;
	/**
	 * Load again quietly, for a refresh nobody asked for (useLiveRefresh): what is shown stays, loading stays false,
	 * and the load is told live: true.
	 */
	refreshLive: () => void;
}

/**
 * Loads one of our routes: again when `query` changes (null: nothing to load), polling while the answer says so,
 * and aborting the request when the component goes or the query changes, so a late answer never overwrites a
 * newer one. `load` and `options` may be new functions on every render: only `query` and refresh() start a load.
 * @param query   Names what is asked for (a path, or the arguments as a string).
 * @param load    Makes the request.
 * @param options Polling, and a callback for each answer.
 */
export function useRoute< T >(
	query: string | null,
	load: ( context: LoadContext ) => Promise< T >,
	options: RouteOptions< T > = {}
): Route< T > {
	// The answer at hand on mount, until the first load takes it (with the wait its polls start with).
	const initial = useRef< { answer: T; wait: number | false } | null >(
		null
	);
	const [ data, setData ] = useState< T | null >( () => {
		if ( query === null || ! options.initial ) {
			return null;
		}
		initial.current = {
			answer: options.initial,
			wait: options.pollAfter?.( options.initial, 0 ) ?? false,
		};
		return options.initial;
	} );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ loading, setLoading ] = useState(
		query !== null && ! initial.current
	);
	// Idle from the start only when the answer at hand asks for no poll: no state changes right after mount.
	const [ idle, setIdle ] = useState(
		query === null || initial.current?.wait === false
	);
	const [ answeredAt, setAnsweredAt ] = useState< number | null >( () =>
		initial.current ? Date.now() : null
	);
	const [ trigger, setTrigger ] = useState( {
		count: 0,
		refresh: false,
		live: false,
	} );
	const latest = useRef( { load, options } );
	latest.current = { load, options };

	useEffect( () => {
		if ( query === null ) {
			setLoading( false );
			setIdle( true );
			return;
		}
		const controller = new AbortController();
		let timer: ReturnType< typeof setTimeout > | undefined;
		// The next poll, after the wait an answer asked for (pollAfter).
		const pollNext = ( wait: number, poll: number ) => {
			if ( wait <= 0 ) {
				ask( poll );
			} else {
				timer = setTimeout( () => ask( poll ), wait );
			}
		};
		const ask = ( poll: number ) => {
			if ( poll === 0 && ! trigger.live ) {
				setLoading( true );
			}
			setIdle( false );
			new Promise< T >( ( resolve ) =>
				resolve(
					latest.current.load( {
						signal: controller.signal,
						refresh: trigger.refresh && poll === 0,
						live: trigger.live && poll === 0,
						poll,
					} )
				)
			).then(
				( answer ) => {
					if ( controller.signal.aborted ) {
						return;
					}
					setData( answer );
					setError( null );
					setLoading( false );
					setAnsweredAt( Date.now() );
					latest.current.options.onAnswer?.( answer );
					const wait =
						latest.current.options.pollAfter?.( answer, poll ) ??
						false;
					if ( wait === false ) {
						setIdle( true );
						return;
					}
					pollNext( wait, poll + 1 );
				},
				( caught ) => {
					if ( ! controller.signal.aborted ) {
						setError( caught as ApiError );
						setLoading( false );
						setIdle( true );
					}
				}
			);
		};
		const atHand = initial.current;
		initial.current = null;
		if ( atHand ) {
			latest.current.options.onAnswer?.( atHand.answer );
			if ( atHand.wait !== false ) {
				pollNext( atHand.wait, 1 );
			}
		} else {
			ask( 0 );
		}
		return () => {
			controller.abort();
			clearTimeout( timer );
		};
	}, [ query, trigger ] );

	const reload = useCallback(
		( live: boolean ) =>
			setTrigger( ( previous ) => ( {
				count: previous.count + 1,
				refresh: ! live,
				live,
			} ) ),
		[]
	);
	const refresh = useCallback( () => reload( false ), [ reload ] );
	const refreshLive = useCallback( () => reload( true ), [ reload ] );

	return { data, error, loading, idle, answeredAt, refresh, refreshLive };
}
