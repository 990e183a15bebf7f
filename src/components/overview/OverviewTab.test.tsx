import { act, fireEvent, render, within } from '@testing-library/react';
import apiFetch from '@wordpress/api-fetch';
import type { HistoryDay, Stats } from '../../api/stats';
import { OverviewTab, POLL_MS } from './OverviewTab';

// apiFetch is the edge of this unit: the routes are tested in PHP against the store double and end to end.
jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const mockedFetch = apiFetch as unknown as jest.Mock;

function stats( overrides: Partial< Stats > = {} ): Stats {
	return {
		carts: 1234,
		active: 300,
		expiring: 12,
		expired: 922,
		with_items: 800,
		empty: 434,
		value_total: '45678.90',
		avg_items: 3.25,
		by_source: { cocart: 700, woocommerce: 500, other: 34 },
		value_expiring_6h: '120.50',
		value_expiring_24h: '980.00',
		carts_expiring_24h: 37,
		worth_chasing: { carts: 12, value: '812.40' },
		key_owner_carts: 0,
		top_products: [
			{ product_id: 16, name: 'Beanie', quantity: 340, value: '6120.00' },
			{
				product_id: 26,
				name: '<b>Gift</b> card',
				quantity: 20,
				value: '1000.00',
			},
		],
		currency: 'GBP',
		fetched_at: '2025-03-14T09:00:00Z',
		stale: false,
		scan: { done: true, scanned: 1234, total: 1234, failed: 0 },
		available: true,
		unavailable: null,
		needs_list: [],
		...overrides,
	};
}

function day( date: string, carts: number ): HistoryDay {
	return {
		day: date,
		carts,
		active: carts - 10,
		expiring: 1,
		expired: 9,
		with_items: carts - 5,
		empty: 5,
		value_total: '100.00',
		avg_items: 2,
		currency: 'GBP',
		complete: true,
		taken_at: `${ date }T00:05:00Z`,
	};
}

/**
 * Answers GET stats with the given bodies in turn, and GET stats/history with `days`.
 */
function serve( bodies: Stats[], days: HistoryDay[] = [] ) {
	const queue = [ ...bodies ];
	mockedFetch.mockImplementation( ( { path }: { path: string } ) => {
		if ( path.startsWith( '/cart-sessions/v1/stats/history' ) ) {
			return Promise.resolve( { days } );
		}
		if ( path.startsWith( '/cart-sessions/v1/stats' ) ) {
			return Promise.resolve(
				queue.length > 1 ? queue.shift() : queue[ 0 ]
			);
		}
		return Promise.reject( new Error( `unexpected ${ path }` ) );
	} );
}

async function renderTab( onOpenTab = jest.fn() ) {
	let container: HTMLElement = document.body;
	await act( async () => {
		( { container } = render( <OverviewTab onOpenTab={ onOpenTab } /> ) );
	} );
	return within( container );
}

function card( tab: ReturnType< typeof within >, id: string ) {
	const element = tab
		.getByTestId( 'overview' )
		.querySelector( `[data-figure="${ id }"]` ) as HTMLElement;
	expect( element ).not.toBeNull();
	return within( element );
}

beforeEach( () => {
	mockedFetch.mockReset();
	window.history.replaceState(
		null,
		'',
		'/wp-admin/tools.php?page=cart-sessions'
	);
} );

describe( 'OverviewTab', () => {
	it( 'shows every number, its whole card a link to the Sessions tab filtered to exactly its carts', async () => {
		serve(
			[ stats() ],
			[ day( '2025-03-13', 1200 ), day( '2025-03-14', 1234 ) ]
		);
		const tab = await renderTab();

		const expectations: Array<
			[ string, string, Record< string, string | null > ]
		> = [
			[ 'carts', 'Carts in session 1,234', { status: 'all' } ],
			[ 'active', 'Active 300', { status: 'active' } ],
			[
				'expiring',
				'Expiring within 6 hours 12',
				{ status: 'expiring' },
			],
			[ 'expired', 'Expired 922', { status: 'expired' } ],
			[
				'with_items',
				'With items 800',
				{ status: 'all', has_items: 'yes' },
			],
			[ 'empty', 'Empty 434', { status: 'all', has_items: 'no' } ],
			[
				'value_total',
				'Total value £45,678.90',
				{
					status: 'all',
					has_items: 'yes',
					orderby: 'total',
					order: 'desc',
				},
			],
			[
				'avg_items',
				'Average items per cart with items 3.25',
				{
					status: 'all',
					has_items: 'yes',
					orderby: 'item_count',
					order: 'desc',
				},
			],
			[
				'value_expiring_6h',
				'Value expiring within 6 hours £120.50',
				{ status: 'expiring', has_items: 'yes' },
			],
			[
				'value_expiring_24h',
				'Value expiring within 24 hours £980.00',
				// Live carts (the Sessions tab's default status) that expire within a day.
				{ status: null, expires_within: '1', has_items: 'yes' },
			],
			[
				'source_cocart',
				'Headless (CoCart) 700',
				{ status: 'all', source: 'cocart' },
			],
			[
				'source_woocommerce',
				'Storefront 500',
				{ status: 'all', source: 'woocommerce' },
			],
			[ 'source_other', 'Other 34', { status: 'all', source: 'other' } ],
		];
		for ( const [ id, text, params ] of expectations ) {
			// The whole card is the link, named by its label and number.
			const link = card( tab, id ).getByRole( 'link', { name: text } );
			const url = new URL( link.getAttribute( 'href' ) as string );
			expect( url.searchParams.get( 'tab' ) ).toBe( 'sessions' );
			expect( url.searchParams.get( 'page' ) ).toBe( 'cart-sessions' );
			for ( const [ name, value ] of Object.entries( params ) ) {
				expect( url.searchParams.get( name ) ).toBe( value );
			}
		}

		const products = tab.getByRole( 'table', {
			name: 'Top products in carts, by quantity',
		} );
		expect( within( products ).getByText( 'Beanie' ) ).toBeInTheDocument();
		// Product names are text, never markup.
		expect(
			within( products ).getByText( '<b>Gift</b> card' )
		).toBeInTheDocument();
		expect( tab.queryByRole( 'progressbar' ) ).toBeNull();
		// Each product links to the carts that hold it.
		const beanie = within( products ).getByRole( 'link', {
			name: 'Beanie',
		} );
		expect(
			new URL( beanie.getAttribute( 'href' ) as string ).searchParams.get(
				'product'
			)
		).toMatch( /^\d+$/ );
	} );

	it( 'leads with the money worth chasing, linking to that view', async () => {
		serve( [ stats() ] );
		const tab = await renderTab();
		const lead = tab.getByRole( 'link', {
			name: 'See the 12 carts worth chasing',
		} );
		const url = new URL( lead.getAttribute( 'href' ) as string );
		expect( url.searchParams.get( 'has_items' ) ).toBe( 'yes' );
		expect( url.searchParams.get( 'has_email' ) ).toBe( 'yes' );
		expect( url.searchParams.get( 'orderby' ) ).toBe( 'total' );
		expect( url.searchParams.get( 'status' ) ).toBeNull(); // The default: live carts.
		expect(
			tab.getByText( /£812\.40 is waiting in 12 carts/ )
		).toBeInTheDocument();
	} );

	it( 'shows grey placeholders, not a bare spinner, while the first numbers load', async () => {
		mockedFetch.mockReturnValue( new Promise( () => {} ) );
		const tab = await renderTab();
		expect( tab.getByText( 'Loading the numbers…' ) ).toBeInTheDocument();
		expect(
			document.querySelectorAll(
				'.cart-sessions-overview__card--skeleton'
			).length
		).toBeGreaterThan( 0 );
	} );

	it( 'says how many carts are behind the value expiring within 24 hours', async () => {
		serve( [ stats() ] );
		const tab = await renderTab();
		expect(
			card( tab, 'value_expiring_24h' ).getByText( /In 37 carts\./ )
		).toBeInTheDocument();
	} );

	it( 'opens the Sessions tab in place when a number is clicked', async () => {
		serve( [ stats() ] );
		const onOpenTab = jest.fn();
		const tab = await renderTab( onOpenTab );
		await act( async () => {
			fireEvent.click(
				card( tab, 'expired' ).getByRole( 'link', {
					name: 'Expired 922',
				} )
			);
		} );
		expect( onOpenTab ).toHaveBeenCalledWith( 'sessions' );
		const params = new URLSearchParams( window.location.search );
		expect( params.get( 'tab' ) ).toBe( 'sessions' );
		expect( params.get( 'status' ) ).toBe( 'expired' );
	} );

	it( 'shows the progress of a first scan and polls until it is done', async () => {
		jest.useFakeTimers();
		try {
			serve( [
				stats( {
					with_items: 10,
					scan: { done: false, scanned: 16, total: 1234, failed: 0 },
				} ),
				stats( {
					with_items: 400,
					scan: { done: false, scanned: 600, total: 1234, failed: 0 },
				} ),
				stats(),
			] );
			const tab = await renderTab();
			const bar = tab.getByRole( 'progressbar' );
			expect( bar ).toHaveAttribute( 'value', '16' );
			expect( bar ).toHaveAttribute( 'max', '1234' );
			expect( tab.getByLabelText( /16 of 1,234/ ) ).toBe( bar );

			await act( async () => {
				jest.advanceTimersByTime( POLL_MS );
			} );
			expect( tab.getByRole( 'progressbar' ) ).toHaveAttribute(
				'value',
				'600'
			);
			expect(
				card( tab, 'with_items' ).getByText( '400' )
			).toBeInTheDocument();

			await act( async () => {
				jest.advanceTimersByTime( POLL_MS );
			} );
			expect( tab.queryByRole( 'progressbar' ) ).toBeNull();
			expect(
				card( tab, 'with_items' ).getByText( '800' )
			).toBeInTheDocument();
			const statsCalls = mockedFetch.mock.calls.filter(
				( [ options ] ) => options.path === '/cart-sessions/v1/stats'
			);
			expect( statsCalls ).toHaveLength( 3 );

			await act( async () => {
				jest.advanceTimersByTime( POLL_MS * 3 );
			} );
			expect(
				mockedFetch.mock.calls.filter(
					( [ options ] ) =>
						options.path === '/cart-sessions/v1/stats'
				)
			).toHaveLength( 3 );
		} finally {
			jest.useRealTimers();
		}
	} );

	it( 'says when the store is too big for its list, with its counts and what needs the list', async () => {
		serve( [
			stats( {
				carts: 46000,
				active: 120,
				expiring: 5,
				expired: 45875,
				with_items: null,
				empty: null,
				value_total: null,
				avg_items: null,
				value_expiring_6h: null,
				value_expiring_24h: null,
				carts_expiring_24h: null,
				worth_chasing: null,
				top_products: [],
				available: false,
				unavailable: {
					reason: 'store_too_big',
					message:
						'The store holds 46,000 carts (125 active) — too many for CoCart to list at once.',
					fix: 'Clear expired carts with CoCart’s bulk tool.',
					counts: { carts_in_session: 46000 },
				},
				needs_list: [ 'with_items', 'value_total', 'top_products' ],
			} ),
		] );
		const onOpenTab = jest.fn();
		const tab = await renderTab( onOpenTab );
		expect(
			tab.getByText( /46,000 carts \(125 active\)/ )
		).toBeInTheDocument();
		expect(
			tab.getByText( /carts with items, total value, top products/ )
		).toBeInTheDocument();
		expect(
			card( tab, 'carts' ).getByRole( 'link', {
				name: 'Carts in session 46,000',
			} )
		).toBeInTheDocument();
		expect( card( tab, 'with_items' ).queryByRole( 'link' ) ).toBeNull();
		expect(
			card( tab, 'with_items' ).getByText( '—' )
		).toBeInTheDocument();
		fireEvent.click(
			tab.getByRole( 'button', { name: 'Clear expired carts' } )
		);
		expect( onOpenTab ).toHaveBeenCalledWith( 'cleanup' );
	} );

	it( 'draws the trend as an accessible SVG with a data table', async () => {
		serve(
			[ stats() ],
			[ day( '2025-03-01', 900 ), day( '2025-03-14', 1234 ) ]
		);
		const tab = await renderTab();
		const chart = tab.getByRole( 'img', {
			name: 'Carts in session, last 30 days',
		} );
		expect( chart.getAttribute( 'aria-describedby' ) ).toBeTruthy();
		expect(
			tab.getByText(
				'Carts in session on 2 days from 2025-03-01 to 2025-03-14: lowest 900, highest 1,234, latest 1,234.'
			)
		).toBeInTheDocument();
		expect( chart.querySelectorAll( 'circle' ) ).toHaveLength( 2 );
		expect( chart.querySelector( 'polyline' ) ).not.toBeNull();
		expect(
			tab.getByRole( 'cell', { name: '1,234' } )
		).toBeInTheDocument();

		await act( async () => {
			fireEvent.change( tab.getByLabelText( 'Trend of' ), {
				target: { value: 'with_items' },
			} );
		} );
		expect(
			tab.getByRole( 'img', { name: 'Carts with items, last 30 days' } )
		).toBeInTheDocument();
	} );

	it( 'sends a store manager to the settings when the connection is not set up', async () => {
		mockedFetch.mockImplementation( () =>
			Promise.reject( {
				code: 'cart_sessions_not_configured',
				message: 'Connect to a store first.',
				data: { status: 409 },
			} )
		);
		const onOpenTab = jest.fn();
		const tab = await renderTab( onOpenTab );
		fireEvent.click(
			tab.getByRole( 'button', { name: 'Set up the connection' } )
		);
		expect( onOpenTab ).toHaveBeenCalledWith( 'settings' );
	} );
} );
