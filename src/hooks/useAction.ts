import { useState } from '@wordpress/element';
import type { ApiError } from '../api/client';

export interface Action< Args extends unknown[] > {
	/** Runs the action; a failure is caught and kept in `error`. */
	run: ( ...args: Args ) => Promise< void >;
	/** The action is running. */
	busy: boolean;
	/** Why the last run failed; cleared when the next one starts. */
	error: ApiError | null;
}

/**
 * A request the user starts (save, delete, test, preview): says while it runs and why it failed, so a button can
 * be held and the failure shown next to it. What the answer changes is up to `act`.
 * @param act Sends the request and takes in its answer.
 */
export function useAction< Args extends unknown[] >(
	act: ( ...args: Args ) => Promise< void >
): Action< Args > {
	const [ busy, setBusy ] = useState( false );
	const [ error, setError ] = useState< ApiError | null >( null );
	const run = async ( ...args: Args ) => {
		setBusy( true );
		setError( null );
		try {
			await act( ...args );
		} catch ( caught ) {
			setError( caught as ApiError );
		} finally {
			setBusy( false );
		}
	};
	return { run, busy, error };
}
