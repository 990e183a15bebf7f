import { act, renderHook } from '@testing-library/react';
import { ApiError } from '../api/client';
import { useRoute, type LoadContext } from './useRoute';

/** A request the test answers by hand, remembering the signal and flags it was made with. */
function deferred< T >() {
	const calls: Array< {
		context: LoadContext;
		resolve: ( value: T ) => void;
		reject: ( error: unknown ) => void;
	} > = [];
	const load = jest.fn(
		( context: LoadContext ) =>
			new Promise< T >( ( resolve, reject ) =>
				calls.push( { context, resolve, reject } )
			)
	);
	return { load, calls };
}

describe( 'useRoute', () => {
	it( 'exposes loading, then the answer', async () => {
		const { load, calls } = deferred< string >();
		const { result } = renderHook( () => useRoute( 'a', load ) );
		expect( result.current ).toMatchObject( {
			data: null,
			error: null,
			loading: true,
		} );
		await act( async () => calls[ 0 ].resolve( 'answer' ) );
		expect( result.current ).toMatchObject( {
			data: 'answer',
			error: null,
			loading: false,
		} );
	} );

	it( 'aborts the request when the component unmounts, and ignores its late answer', async () => {
		const { load, calls } = deferred< string >();
		const { result, unmount } = renderHook( () => useRoute( 'a', load ) );
		const signal = calls[ 0 ].context.signal;
		expect( signal.aborted ).toBe( false );
		unmount();
		expect( signal.aborted ).toBe( true );
		// A late answer or failure does not reach the unmounted component (no "update on unmounted" warning:
		// the jest preset fails a test on any console.error).
		await act( async () => calls[ 0 ].resolve( 'late' ) );
		expect( result.current.data ).toBeNull();
	} );

	it( 'aborts the old request when the query changes, and keeps the new answer even if the old one comes last', async () => {
		const { load, calls } = deferred< string >();
		const { result, rerender } = renderHook(
			( { query } ) => useRoute( query, load ),
			{ initialProps: { query: 'page=1' } }
		);
		rerender( { query: 'page=2' } );
		expect( load ).toHaveBeenCalledTimes( 2 );
		expect( calls[ 0 ].context.signal.aborted ).toBe( true );
		expect( calls[ 1 ].context.signal.aborted ).toBe( false );

		await act( async () => calls[ 1 ].resolve( 'page 2' ) );
		await act( async () => calls[ 0 ].resolve( 'page 1' ) );
		expect( result.current.data ).toBe( 'page 2' );
	} );

	it( 'polls while the answer says so and stops when the server says it is done', async () => {
		jest.useFakeTimers();
		try {
			const answers = [
				{ done: false, scanned: 1 },
				{ done: false, scanned: 2 },
				{ done: true, scanned: 3 },
			];
			const load = jest.fn( ( { poll }: LoadContext ) =>
				Promise.resolve( answers[ poll ] )
			);
			const { result } = renderHook( () =>
				useRoute( 'stats', load, {
					pollAfter: ( answer ) => ( answer.done ? false : 1000 ),
				} )
			);
			await act( async () => {} );
			expect( result.current.data ).toEqual( answers[ 0 ] );

			await act( async () => {
				jest.advanceTimersByTime( 1000 );
			} );
			expect( result.current.data ).toEqual( answers[ 1 ] );
			// A poll is quiet: what is shown stays, without a loading state.
			expect( result.current.loading ).toBe( false );

			await act( async () => {
				jest.advanceTimersByTime( 1000 );
			} );
			expect( result.current.data ).toEqual( answers[ 2 ] );
			expect( load ).toHaveBeenCalledTimes( 3 );

			await act( async () => {
				jest.advanceTimersByTime( 10000 );
			} );
			expect( load ).toHaveBeenCalledTimes( 3 );
		} finally {
			jest.useRealTimers();
		}
	} );

	it( 'stops polling when the component unmounts', async () => {
		jest.useFakeTimers();
		try {
			const load = jest.fn( () => Promise.resolve( { done: false } ) );
			const { unmount } = renderHook( () =>
				useRoute( 'stats', load, { pollAfter: () => 1000 } )
			);
			await act( async () => {} );
			expect( load ).toHaveBeenCalledTimes( 1 );
			unmount();
			jest.advanceTimersByTime( 5000 );
			expect( load ).toHaveBeenCalledTimes( 1 );
		} finally {
			jest.useRealTimers();
		}
	} );

	it( 'keeps the last answer when a refresh fails, and asks to bypass the cache only on refresh', async () => {
		const { load, calls } = deferred< string >();
		const { result } = renderHook( () => useRoute( 'a', load ) );
		await act( async () => calls[ 0 ].resolve( 'first' ) );
		expect( calls[ 0 ].context.refresh ).toBe( false );

		act( () => result.current.refresh() );
		expect( calls[ 1 ].context.refresh ).toBe( true );
		expect( result.current.loading ).toBe( true );
		const failure = new ApiError( 'x', 'The store did not answer.' );
		await act( async () => calls[ 1 ].reject( failure ) );
		expect( result.current ).toMatchObject( {
			data: 'first',
			error: failure,
			loading: false,
		} );
	} );

	it( 'asks nothing while the query is null', () => {
		const load = jest.fn( () => Promise.resolve( 'x' ) );
		const { result } = renderHook( () => useRoute( null, load ) );
		expect( load ).not.toHaveBeenCalled();
		expect( result.current.loading ).toBe( false );
	} );

	it( 'shows an answer at hand from the first render without asking for it, then renders no more on its own', async () => {
		const { load } = deferred< string >();
		let renders = 0;
		const { result } = renderHook( () => {
			renders++;
			return useRoute( 'a', load, { initial: 'printed' } );
		} );
		expect( renders ).toBe( 1 );
		expect( result.current ).toMatchObject( {
			data: 'printed',
			loading: false,
			idle: true,
		} );
		expect( result.current.answeredAt ).not.toBeNull();
		await act( async () => {} );
		expect( load ).not.toHaveBeenCalled();
		// Nothing changed after mount: no second render of what may be a large table.
		expect( renders ).toBe( 1 );
	} );

	it( 'polls after an answer at hand as after any answer, and asks afresh for the next query', async () => {
		const { load, calls } = deferred< { pending: number } >();
		const { result, rerender } = renderHook(
			( { query } ) =>
				useRoute( query, load, {
					initial: { pending: 3 },
					pollAfter: ( answer ) => ( answer.pending ? 0 : false ),
				} ),
			{ initialProps: { query: 'page=1' } }
		);
		// The answer at hand was poll 0: the next request is poll 1.
		expect( load ).toHaveBeenCalledTimes( 1 );
		expect( calls[ 0 ].context.poll ).toBe( 1 );
		await act( async () => calls[ 0 ].resolve( { pending: 0 } ) );
		expect( result.current.data ).toEqual( { pending: 0 } );

		// Read on mount only: another query is asked for.
		rerender( { query: 'page=2' } );
		expect( load ).toHaveBeenCalledTimes( 2 );
		expect( calls[ 1 ].context.poll ).toBe( 0 );
		expect( result.current.loading ).toBe( true );
	} );
} );
