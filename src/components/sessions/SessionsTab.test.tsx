import {
	act,
	fireEvent,
	render,
	screen,
	waitFor,
	within,
} from '@testing-library/react';
import apiFetch from '@wordpress/api-fetch';
import type { SessionList, SessionRow } from '../../api/sessions';
import SessionsTab from './SessionsTab';

// apiFetch is the edge of this unit: the routes themselves are tested in PHP and end to end.
jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const mockedFetch = apiFetch as unknown as jest.Mock;

const SCRIPT_NAME = '<img src=x onerror="window.__pwned=1">Mallory';

function row( overrides: Partial< SessionRow > ): SessionRow {
	return {
		key: 't_0123456789abcdef0123456789abcd',
		customer: { name: null, email: null },
		created: '2026-11-20T10:00:00Z',
		expires: '2026-11-27T10:00:00Z',
		source: 'cocart',
		status: 'active',
		item_count: 2,
		total: '36.00',
		currency: 'GBP',
		is_key_owner: false,
		detail_error: null,
		...overrides,
	};
}

function list(
	items: SessionRow[],
	overrides: Partial< SessionList > = {}
): SessionList {
	return {
		items,
		total: items.length,
		total_pages: 1,
		page: 1,
		per_page: 20,
		matching_value: null,
		stale: false,
		fetched_at: '2026-11-25T10:00:00Z',
		can_delete: true,
		can_delete_reason: null,
		currency: 'GBP',
		details_pending: 0,
		...overrides,
	};
}

/**
 * Renders the tab; queries are scoped to it (notices are also announced in WordPress's live regions, which
 * would double every match).
 */
async function renderTab( onOpenTab = jest.fn() ) {
	let container: HTMLElement = document.body;
	await act( async () => {
		( { container } = render( <SessionsTab onOpenTab={ onOpenTab } /> ) );
	} );
	return { onOpenTab, tab: within( container ) };
}

beforeEach( () => {
	mockedFetch.mockReset();
	window.history.replaceState(
		null,
		'',
		'/wp-admin/tools.php?page=cart-sessions&tab=sessions'
	);
} );

describe( 'SessionsTab', () => {
	it( 'asks the sessions route for the view in the URL and shows its rows', async () => {
		window.history.replaceState(
			null,
			'',
			'/wp-admin/tools.php?page=cart-sessions&tab=sessions&s=jane&status=expired&paged=2'
		);
		mockedFetch.mockResolvedValue(
			list(
				[
					row( {
						customer: {
							name: 'Jane Doe',
							email: 'jane@example.com',
						},
					} ),
					row( {
						key: '7',
						customer: { name: null, email: null },
						item_count: null,
						total: null,
					} ),
				],
				{ total: 22, total_pages: 2, page: 2 }
			)
		);
		const { tab } = await renderTab();

		expect( mockedFetch ).toHaveBeenCalledTimes( 1 );
		const { path } = mockedFetch.mock.calls[ 0 ][ 0 ];
		expect( path ).toBe(
			'/cart-sessions/v1/sessions?search=jane&status=expired&page=2&per_page=20&orderby=expires&order=desc&details=cached'
		);
		expect( tab.getByText( 'Jane Doe' ) ).toBeInTheDocument();
		expect( tab.getByText( 'jane@example.com' ) ).toBeInTheDocument();
		expect( tab.getByText( 'Guest' ) ).toBeInTheDocument();
		expect( tab.getAllByText( 'Active' ).length ).toBeGreaterThan( 0 );
	} );

	it( 'says how many carts the items filter still has to read, keeping the rows on screen', async () => {
		mockedFetch
			.mockResolvedValueOnce(
				list( [ row( { key: 'first' } ) ], { details_pending: 120 } )
			)
			.mockReturnValue( new Promise( () => {} ) ); // The follow-up read is still on its way.
		const { tab } = await renderTab();
		expect(
			await tab.findByText( /Reading the items of 120 more carts/ )
		).toBeInTheDocument();
		expect( tab.getByText( 'first' ) ).toBeInTheDocument();
	} );

	it( 'asks again, without a refresh, until no carts are left to read', async () => {
		window.history.replaceState(
			null,
			'',
			'/wp-admin/tools.php?page=cart-sessions&tab=sessions&has_items=yes'
		);
		mockedFetch
			.mockResolvedValueOnce(
				list( [ row( { key: 'first' } ) ], { details_pending: 120 } )
			)
			.mockResolvedValue(
				list( [ row( { key: 'first' } ), row( { key: 'second' } ) ] )
			);
		const { tab } = await renderTab();
		expect( await tab.findByText( 'second' ) ).toBeInTheDocument();
		expect( tab.queryByText( /Reading the items/ ) ).toBeNull();
		expect( mockedFetch ).toHaveBeenCalledTimes( 2 );
		for ( const [ options ] of mockedFetch.mock.calls ) {
			expect( options.path ).toContain( 'has_items=yes' );
			expect( options.path ).not.toContain( 'refresh' );
		}
	} );

	it( 'shows the rows at once, then fills in counts the store still had to be asked for', async () => {
		mockedFetch
			.mockResolvedValueOnce(
				list(
					[
						row( {
							key: 'k_first',
							item_count: null,
							total: null,
							currency: null,
						} ),
					],
					{ details_pending: 1 }
				)
			)
			.mockResolvedValueOnce(
				list( [ row( { key: 'k_first', item_count: 7 } ) ] )
			);
		const { tab } = await renderTab();

		expect( mockedFetch ).toHaveBeenCalledTimes( 2 );
		expect( mockedFetch.mock.calls[ 0 ][ 0 ].path ).toContain(
			'details=cached'
		);
		expect( mockedFetch.mock.calls[ 1 ][ 0 ].path ).toBe(
			'/cart-sessions/v1/sessions?status=active%2Cexpiring&page=1&per_page=20&orderby=expires&order=desc&details=wait'
		);
		expect( tab.getByText( 'k_first' ) ).toBeInTheDocument();
		expect( tab.getByText( '7' ) ).toBeInTheDocument();
	} );

	it( 'replaces the table printed for the first paint once its own rows are shown', async () => {
		const firstPaint = document.createElement( 'div' );
		firstPaint.id = 'cart-sessions-first-paint';
		document.body.appendChild( firstPaint );
		let resolve: ( value: SessionList ) => void = () => {};
		mockedFetch.mockReturnValue(
			new Promise< SessionList >( ( r ) => ( resolve = r ) )
		);
		const { tab } = await renderTab();
		expect(
			document.getElementById( 'cart-sessions-first-paint' )
		).not.toBeNull();

		await act( async () => resolve( list( [ row( { key: 'k_own' } ) ] ) ) );
		expect( tab.getByText( 'k_own' ) ).toBeInTheDocument();
		expect(
			document.getElementById( 'cart-sessions-first-paint' )
		).toBeNull();
	} );

	it( 'renders names that look like HTML as text', async () => {
		mockedFetch.mockResolvedValue(
			list( [
				row( {
					customer: { name: SCRIPT_NAME, email: 'x@example.com' },
				} ),
			] )
		);
		const { tab } = await renderTab();
		expect( tab.getByText( SCRIPT_NAME ) ).toBeInTheDocument();
		expect( document.querySelector( 'img[src="x"]' ) ).toBeNull();
		expect(
			( window as unknown as { __pwned?: number } ).__pwned
		).toBeUndefined();
	} );

	it( 'opens on the live carts: active and expiring, newest expiry first', async () => {
		mockedFetch.mockResolvedValue( list( [ row( {} ) ] ) );
		const { tab } = await renderTab();
		expect( mockedFetch.mock.calls[ 0 ][ 0 ].path ).toBe(
			'/cart-sessions/v1/sessions?status=active%2Cexpiring&page=1&per_page=20&orderby=expires&order=desc&details=cached'
		);
		expect(
			tab.getByRole( 'link', { name: 'Live carts' } )
		).toHaveAttribute( 'aria-current', 'page' );
	} );

	it( 'opens "Worth chasing" in one click: live, with items and an email, highest value first', async () => {
		mockedFetch.mockResolvedValue( list( [ row( {} ) ] ) );
		const { tab } = await renderTab();
		await act( async () => {
			fireEvent.click(
				tab.getByRole( 'link', { name: 'Worth chasing' } )
			);
		} );
		const { path } = mockedFetch.mock.calls.at( -1 )[ 0 ];
		expect( path ).toContain( 'status=active%2Cexpiring' );
		expect( path ).toContain( 'has_items=yes' );
		expect( path ).toContain( 'has_email=yes' );
		expect( path ).toContain( 'orderby=total&order=desc' );
		expect( window.location.search ).toContain( 'has_email=yes' );
		expect(
			tab.getByRole( 'link', { name: 'Worth chasing' } )
		).toHaveAttribute( 'aria-current', 'page' );
	} );

	it( 'shows an empty store as an empty table, not an error', async () => {
		window.history.replaceState(
			null,
			'',
			'/wp-admin/tools.php?page=cart-sessions&tab=sessions&status=all'
		);
		mockedFetch.mockResolvedValue( list( [] ) );
		const { tab } = await renderTab();
		expect(
			tab.getByText(
				'No carts in session: the store has no carts right now.'
			)
		).toBeInTheDocument();
		expect( tab.queryByRole( 'button', { name: 'Try again' } ) ).toBeNull();
	} );

	it( 'sends a store manager to the settings when the connection is not set up', async () => {
		mockedFetch.mockRejectedValue( {
			code: 'cart_sessions_not_configured',
			message: 'Connect to your CoCart store first.',
			data: { status: 409 },
		} );
		const { onOpenTab, tab } = await renderTab();
		expect(
			tab.getByText( 'Connect to your CoCart store first.' )
		).toBeInTheDocument();
		fireEvent.click(
			tab.getByRole( 'button', { name: 'Set up the connection' } )
		);
		expect( onOpenTab ).toHaveBeenCalledWith( 'settings' );
	} );

	it( 'says the store is too big for its own list, with its counts and the way out', async () => {
		mockedFetch.mockRejectedValue( {
			code: 'cart_sessions_store_too_big',
			message: 'The store ran out of memory listing its carts.',
			data: {
				status: 502,
				counts: { carts_in_session: '46000', count_carts_active: '84' },
				fix: 'Clear expired carts with CoCart’s bulk tool, or raise the store’s memory limit.',
			},
		} );
		const { tab } = await renderTab();
		const counts = tab.getByRole( 'table', {
			name: 'What the store reports instead',
		} );
		expect( within( counts ).getByText( '46000' ) ).toBeInTheDocument();
		expect( within( counts ).getByText( '84' ) ).toBeInTheDocument();
		expect(
			tab.getByText( /raise the store’s memory limit/ )
		).toBeInTheDocument();

		// The way out asks first, then runs CoCart's tool and lists the carts again.
		fireEvent.click(
			tab.getByRole( 'button', { name: 'Clear expired carts' } )
		);
		const dialog = await screen.findByRole( 'dialog', {
			name: 'Clear expired carts',
		} );
		expect( mockedFetch ).not.toHaveBeenCalledWith(
			expect.objectContaining( { method: 'POST' } )
		);
		mockedFetch.mockReset();
		mockedFetch
			.mockResolvedValueOnce( {
				cleared: 45916,
				before: 46000,
				after: 84,
				message: 'Expired carts cleared. The store now holds 84 carts.',
			} )
			.mockResolvedValue( list( [ row( {} ) ] ) );
		fireEvent.click(
			within( dialog ).getByRole( 'button', {
				name: 'Clear expired carts',
			} )
		);
		expect(
			await within( dialog ).findByText(
				'Expired carts cleared. The store now holds 84 carts.'
			)
		).toBeInTheDocument();
		expect( mockedFetch ).toHaveBeenCalledWith(
			expect.objectContaining( {
				path: '/cart-sessions/v1/sessions/clear-expired',
				method: 'POST',
			} )
		);
		fireEvent.click(
			within( dialog ).getByRole( 'button', { name: 'Done' } )
		);
		await waitFor( () =>
			expect( mockedFetch ).toHaveBeenCalledWith(
				expect.objectContaining( {
					path: expect.stringContaining( 'refresh=1' ),
				} )
			)
		);
	} );

	it( 'says when it shows cached carts because the store failed, and why deleting is off', async () => {
		mockedFetch.mockResolvedValue(
			list( [ row( {} ) ], {
				stale: true,
				can_delete: false,
				can_delete_reason:
					'This key is read-only: create a Read/Write key to delete carts.',
			} )
		);
		const { tab } = await renderTab();
		expect(
			tab.getByText( /The store did not answer just now/ )
		).toBeInTheDocument();
		expect(
			tab.getByText(
				'This key is read-only: create a Read/Write key to delete carts.'
			)
		).toBeInTheDocument();
	} );

	it( 'offers no Delete for selected rows when the key is read-only', async () => {
		const answer = ( canDelete: boolean ) =>
			list(
				[
					row( {} ),
					row( { key: 't_fedcba9876543210fedcba98765432' } ),
				],
				{
					can_delete: canDelete,
					can_delete_reason: canDelete
						? null
						: 'This key is read-only: create a Read/Write key to delete carts.',
				}
			);
		const deleteOffered = async ( canDelete: boolean ) => {
			mockedFetch.mockReset();
			mockedFetch.mockResolvedValue( answer( canDelete ) );
			const { tab } = await renderTab();
			// No row can be selected at all when none is eligible for a bulk action.
			const boxes = tab.queryAllByRole( 'checkbox' );
			if ( boxes.length > 0 ) {
				await act( async () => {
					fireEvent.click( boxes[ boxes.length - 1 ] );
				} );
			}
			const offered = tab
				.queryAllByRole( 'button' )
				.some(
					( button ) =>
						/^Delete$/.test( button.textContent ?? '' ) &&
						! button.hasAttribute( 'disabled' ) &&
						button.getAttribute( 'aria-disabled' ) !== 'true'
				);
			document.body.innerHTML = '';
			return offered;
		};
		expect( await deleteOffered( true ) ).toBe( true );
		expect( await deleteOffered( false ) ).toBe( false );
	} );

	/**
	 * Selects every row of the page, then "all N matching", then the bulk Delete.
	 * @param tab
	 * @param total
	 */
	async function deleteAllMatching(
		tab: ReturnType< typeof within >,
		total: number
	) {
		await act( async () => {
			fireEvent.click(
				tab.getAllByRole( 'checkbox', { name: 'Select all' } )[ 0 ]
			);
		} );
		await act( async () => {
			fireEvent.click(
				tab.getByRole( 'button', {
					name: `Select all ${ total } matching carts`,
				} )
			);
		} );
		expect(
			tab.getByText(
				`All ${ total } carts that match this view are selected.`
			)
		).toBeInTheDocument();
		const deleteButton = tab
			.getAllByRole( 'button' )
			.find( ( button: HTMLElement ) => button.textContent === 'Delete' );
		await act( async () => {
			fireEvent.click( deleteButton as HTMLElement );
		} );
	}

	it( 'offers no "delete all matching" button in the toolbar of a filtered view', async () => {
		window.history.replaceState(
			null,
			'',
			'/wp-admin/tools.php?page=cart-sessions&tab=sessions&status=expired'
		);
		mockedFetch.mockResolvedValue(
			list( [ row( { status: 'expired' } ) ], { total: 312 } )
		);
		const { tab } = await renderTab();
		expect(
			tab.queryByRole( 'button', { name: /matching carts/ } )
		).toBeNull();
	} );

	it( 'deletes every cart matching the view through "select all N matching", naming the count and the value known', async () => {
		window.history.replaceState(
			null,
			'',
			'/wp-admin/tools.php?page=cart-sessions&tab=sessions&status=expired'
		);
		mockedFetch.mockResolvedValueOnce(
			list( [ row( { status: 'expired' } ) ], { total: 312 } )
		);
		// The confirmation asks for the value of every matching cart.
		mockedFetch.mockResolvedValueOnce(
			list( [], {
				total: 312,
				matching_value: { total: '4210.50', carts: 300 },
			} )
		);
		const { tab } = await renderTab();
		await deleteAllMatching( tab, 312 );
		// The confirmation is a modal, rendered at the end of the document.
		expect( mockedFetch.mock.calls[ 1 ][ 0 ].path ).toContain(
			'status=expired'
		);
		expect( mockedFetch.mock.calls[ 1 ][ 0 ].path ).toContain( 'value=1' );
		expect(
			await screen.findByText( /Value of the 300 of 312 carts/ )
		).toHaveTextContent(
			/Value of the 300 of 312 carts whose totals are known so far: £4,210\.50\./
		);
		// Expired carts only: no second confirmation.
		expect( screen.queryByRole( 'checkbox', { name: /live/ } ) ).toBeNull();

		mockedFetch.mockResolvedValueOnce( {
			results: [
				{ key: 'a', result: 'deleted', message: null },
				{
					key: 'b',
					result: 'failed',
					message: 'The store did not answer in time.',
				},
			],
			deleted: 311,
			not_found: 0,
			failed: 1,
		} );
		mockedFetch.mockResolvedValue(
			list( [ row( { key: 'b', status: 'expired' } ) ], { total: 1 } )
		);
		await act( async () => {
			fireEvent.click(
				screen.getByRole( 'button', { name: 'Delete 312 carts' } )
			);
		} );
		expect( mockedFetch.mock.calls[ 2 ][ 0 ] ).toMatchObject( {
			path: '/cart-sessions/v1/sessions/delete',
			method: 'POST',
			data: { filter: { status: [ 'expired' ] }, expected_count: 312 },
		} );
		// A narrowing filter never claims "all".
		expect( mockedFetch.mock.calls[ 2 ][ 0 ].data ).not.toHaveProperty(
			'all',
			true
		);
		expect(
			screen.getByText( 'Deleted: 311. Already gone: 0. Failed: 1.' )
		).toBeInTheDocument();
		expect(
			screen.getByText( 'The store did not answer in time.' )
		).toBeInTheDocument();
		// The list is fetched again, bypassing the cache.
		expect( mockedFetch.mock.calls[ 3 ][ 0 ].path ).toContain(
			'refresh=1'
		);
	} );

	it( 'asks a second time, naming them live, before deleting every cart of a view of live carts', async () => {
		mockedFetch.mockResolvedValueOnce(
			list( [ row( {} ) ], { total: 40 } )
		);
		mockedFetch.mockResolvedValueOnce(
			list( [], {
				total: 40,
				matching_value: { total: '900.00', carts: 40 },
			} )
		);
		const { tab } = await renderTab();
		await deleteAllMatching( tab, 40 );
		const confirm = await screen.findByRole( 'button', {
			name: 'Delete 40 carts',
		} );
		expect( confirm ).toBeDisabled();
		fireEvent.click(
			screen.getByRole( 'checkbox', {
				name: /even though they include live carts/,
			} )
		);
		expect( confirm ).toBeEnabled();
		mockedFetch.mockResolvedValueOnce( {
			results: [],
			deleted: 40,
			not_found: 0,
			failed: 0,
		} );
		mockedFetch.mockResolvedValue( list( [] ) );
		await act( async () => {
			fireEvent.click( confirm );
		} );
		expect( mockedFetch.mock.calls[ 2 ][ 0 ] ).toMatchObject( {
			data: {
				filter: { status: [ 'active', 'expiring' ] },
				expected_count: 40,
			},
		} );
	} );
} );
