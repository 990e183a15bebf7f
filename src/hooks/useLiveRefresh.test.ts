import { act, renderHook } from '@testing-library/react';
import { LIVE_EVERY_MS, useLiveRefresh } from './useLiveRefresh';
import { useRoute, type LoadContext } from './useRoute';

/** Requests the test answers by hand; the edge of the unit is the request, not the hooks. */
function requests() {
	const calls: Array< {
		context: LoadContext;
		resolve: ( value: string ) => void;
		reject: ( error: unknown ) => void;
	} > = [];
	const load = jest.fn(
		( context: LoadContext ) =>
			new Promise< string >( ( resolve, reject ) =>
				calls.push( { context, resolve, reject } )
			)
	);
	const answered = new Set< number >();
	/** Requests sent, not answered and not given up (aborted). */
	const inFlight = () =>
		calls.filter(
			( call, index ) =>
				! answered.has( index ) && ! call.context.signal.aborted
		).length;
	const answer = async ( index: number, value = `answer ${ index }` ) => {
		answered.add( index );
		await act( async () => calls[ index ].resolve( value ) );
	};
	return { load, calls, inFlight, answer };
}

let visibility: DocumentVisibilityState = 'visible';

function setVisibility( state: DocumentVisibilityState ) {
	visibility = state;
	act( () => {
		document.dispatchEvent( new Event( 'visibilitychange' ) );
	} );
}

async function advance( ms: number ) {
	await act( async () => {
		jest.advanceTimersByTime( ms );
	} );
}

function live(
	load: ( context: LoadContext ) => Promise< string >,
	pollAfter?: ( answer: string ) => number | false
) {
	return renderHook( () => {
		const route = useRoute( 'stats', load, { pollAfter } );
		return { route, live: useLiveRefresh( route ) };
	} );
}

beforeAll( () => {
	Object.defineProperty( document, 'visibilityState', {
		configurable: true,
		get: () => visibility,
	} );
} );

beforeEach( () => {
	jest.useFakeTimers();
	visibility = 'visible';
} );

afterEach( () => {
	jest.useRealTimers();
} );

describe( 'useLiveRefresh', () => {
	it( 'asks again every minute while the tab is visible, quietly and as a live refresh', async () => {
		const { load, calls, answer } = requests();
		const { result } = live( load );
		await answer( 0 );

		await advance( LIVE_EVERY_MS - 1000 );
		expect( load ).toHaveBeenCalledTimes( 1 );
		await advance( 1000 );
		expect( load ).toHaveBeenCalledTimes( 2 );
		expect( calls[ 1 ].context ).toMatchObject( {
			live: true,
			refresh: false,
		} );
		expect( result.current.route.loading ).toBe( false ); // What is shown stays: no spinner.
		expect( result.current.route.data ).toBe( 'answer 0' );

		await answer( 1 );
		expect( result.current.route.data ).toBe( 'answer 1' );
		await advance( LIVE_EVERY_MS );
		expect( load ).toHaveBeenCalledTimes( 3 );
	} );

	it( 'asks nothing while the tab is hidden, and at once when it is visible again and an answer is due', async () => {
		const { load, answer } = requests();
		const { result } = live( load );
		await answer( 0 );

		setVisibility( 'hidden' );
		expect( result.current.live.paused ).toBe( true );
		await advance( 10 * LIVE_EVERY_MS );
		expect( load ).toHaveBeenCalledTimes( 1 );
		expect( jest.getTimerCount() ).toBe( 0 ); // Not even the clock runs in a hidden tab.

		setVisibility( 'visible' );
		await advance( 0 );
		expect( load ).toHaveBeenCalledTimes( 2 );
		expect( result.current.live.paused ).toBe( false );
	} );

	it( 'never has two requests in flight: a slow answer holds the next ask back', async () => {
		const { load, inFlight, answer } = requests();
		live( load );
		await answer( 0 );
		await advance( LIVE_EVERY_MS );
		expect( load ).toHaveBeenCalledTimes( 2 );

		// The store takes five minutes to answer: nothing else is sent meanwhile.
		for ( let minute = 0; minute < 5; minute++ ) {
			await advance( LIVE_EVERY_MS );
			expect( inFlight() ).toBe( 1 );
		}
		expect( load ).toHaveBeenCalledTimes( 2 );

		await answer( 1 );
		expect( inFlight() ).toBe( 0 );
		await advance( LIVE_EVERY_MS );
		expect( load ).toHaveBeenCalledTimes( 3 );
	} );

	it( 'waits for a route’s own polls to finish before asking', async () => {
		const { load, inFlight, answer } = requests();
		// The Overview polls every 1.5 s while its first scan runs: live refreshes wait until it is done.
		live( load, ( value ) => ( value === 'scanning' ? 1500 : false ) );
		await answer( 0, 'scanning' );
		for ( let i = 1; i <= 60; i++ ) {
			await advance( 1500 );
			expect( inFlight() ).toBe( 1 );
			await answer( i, i < 60 ? 'scanning' : 'done' );
		}
		const before = load.mock.calls.length;
		expect(
			load.mock.calls.every( ( [ context ] ) => ! context.live )
		).toBe( true );
		await advance( LIVE_EVERY_MS );
		expect( load ).toHaveBeenCalledTimes( before + 1 );
		expect( load.mock.calls[ before ][ 0 ].live ).toBe( true );
	} );

	it( 'after a failed ask, tries again a minute later', async () => {
		const { load, calls, answer } = requests();
		live( load );
		await answer( 0 );
		await advance( LIVE_EVERY_MS );
		await act( async () => calls[ 1 ].reject( new Error( 'store down' ) ) );
		await advance( LIVE_EVERY_MS - 1000 );
		expect( load ).toHaveBeenCalledTimes( 2 );
		await advance( 1000 );
		expect( load ).toHaveBeenCalledTimes( 3 );
	} );

	it( 'counts the seconds since the last answer', async () => {
		const { load, answer } = requests();
		const { result } = live( load );
		expect( result.current.live.secondsAgo ).toBeNull();
		await answer( 0 );
		await advance( 42_000 );
		expect( result.current.live.secondsAgo ).toBe( 42 );
	} );
} );
