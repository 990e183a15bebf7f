import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import type { ApiError } from '../../api/client';
import {
	cancelRun,
	startRun,
	stepRun,
	type CleanupRule,
	type CleanupRun,
} from '../../api/cleanup';

/**
 * Drives a cleanup run from the screen: start it, then ask for one batch at a time until it ends, so no request
 * handles more than one batch and the progress bar moves with each. Cancel stops asking and tells the server.
 * A failed step stops the loop with the error; "Continue" resumes the same run.
 */
export function useRunDriver( onEnded: ( run: CleanupRun ) => void ) {
	const [ run, setRun ] = useState< CleanupRun | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ busy, setBusy ] = useState( false );
	const stop = useRef( false );
	const mounted = useRef( true );
	const ended = useRef( onEnded );
	ended.current = onEnded;

	useEffect( () => {
		mounted.current = true;
		return () => {
			mounted.current = false;
			stop.current = true;
		};
	}, [] );

	const drive = useCallback( async ( current: CleanupRun ) => {
		stop.current = false;
		setBusy( true );
		setError( null );
		let latest = current;
		try {
			while ( latest.status === 'running' && ! stop.current ) {
				latest = ( await stepRun( latest.id ) ).run;
				if ( stop.current ) {
					return; // Cancelled meanwhile: the cancel's answer is the run's state.
				}
				if ( mounted.current ) {
					setRun( latest );
				}
			}
			if ( latest.status !== 'running' && mounted.current ) {
				ended.current( latest );
			}
		} catch ( caught ) {
			if ( mounted.current ) {
				setError( caught as ApiError );
			}
		} finally {
			if ( mounted.current ) {
				setBusy( false );
			}
		}
	}, [] );

	const start = useCallback(
		async ( rule: CleanupRule, exportCarts: boolean ) => {
			setError( null );
			setBusy( true );
			try {
				const started = ( await startRun( rule, exportCarts ) ).run;
				setRun( started );
				await drive( started );
			} catch ( caught ) {
				setError( caught as ApiError );
				setBusy( false );
			}
		},
		[ drive ]
	);

	const cancel = useCallback( async () => {
		stop.current = true;
		if ( ! run ) {
			return;
		}
		try {
			const cancelled = ( await cancelRun( run.id ) ).run;
			if ( mounted.current ) {
				setRun( cancelled );
				ended.current( cancelled );
			}
		} catch ( caught ) {
			if ( mounted.current ) {
				setError( caught as ApiError );
			}
		}
	}, [ run ] );

	const resume = useCallback(
		( existing: CleanupRun ) => {
			setRun( existing );
			void drive( existing );
		},
		[ drive ]
	);

	return {
		run,
		error,
		busy,
		start,
		cancel,
		resume,
		clear: () => setRun( null ),
	};
}
