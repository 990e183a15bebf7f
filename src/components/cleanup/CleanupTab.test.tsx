import {
	act,
	fireEvent,
	render,
	waitFor,
	within,
} from '@testing-library/react';
import apiFetch from '@wordpress/api-fetch';
import type {
	CleanupPreview,
	CleanupRun,
	CleanupSchedule,
} from '../../api/cleanup';
import CleanupTab from './CleanupTab';

// apiFetch is the edge of this unit: the routes are tested in PHP against the store double, and end to end.
jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const mockedFetch = apiFetch as unknown as jest.Mock;

const MALLORY = '<img src=x onerror="window.__pwned=1">Mallory';

function preview( overrides: Partial< CleanupPreview > = {} ): CleanupPreview {
	return {
		count: 312,
		value_total: '4210.00',
		currency: 'USD',
		bulk: false,
		items: [
			{
				key: 't_aaa',
				customer: { name: MALLORY, email: 'm@example.com' },
				created: '2026-09-01T10:00:00Z',
				expires: '2026-09-03T10:00:00Z',
				source: 'cocart',
				status: 'expired',
				item_count: 2,
				total: '36.00',
				currency: 'USD',
				is_key_owner: false,
				detail_error: null,
			},
		],
		total: 312,
		total_pages: 16,
		page: 1,
		per_page: 20,
		details_pending: 0,
		list_available: true,
		...overrides,
	};
}

function run( overrides: Partial< CleanupRun > = {} ): CleanupRun {
	return {
		id: 7,
		trigger: 'manual',
		user: { id: 1, name: 'admin' },
		rule: {
			expired_days: 30,
			empty_only: false,
			source: '',
			max_total: null,
			keep_with_email: false,
		},
		status: 'running',
		bulk: false,
		found: 50,
		deleted: 0,
		skipped: 0,
		failed: 0,
		failures: [],
		skips: [],
		processed: 0,
		started_at: '2026-11-25T10:00:00Z',
		finished_at: null,
		duration_ms: 0,
		export_url: null,
		last_error: null,
		...overrides,
	};
}

const SCHEDULE: CleanupSchedule = {
	enabled: false,
	hour: 3,
	rule: run().rule,
	next_run: null,
	cron_warning:
		'WP-Cron is switched off on this site (DISABLE_WP_CRON) and no cron job has been seen running it.',
	timezone: 'Europe/London',
};

type Route = ( options: {
	path: string;
	method?: string;
	data?: unknown;
} ) => unknown;

/**
 * Answers apiFetch by method and path prefix; records every call.
 */
function serve( routes: Record< string, Route > ) {
	mockedFetch.mockImplementation(
		async ( options: {
			path: string;
			method?: string;
			data?: unknown;
		} ) => {
			const method = options.method ?? 'GET';
			const path = options.path.replace( '/cart-sessions/v1', '' );
			const match = Object.keys( routes )
				.filter( ( key ) => {
					const [ m, p ] = key.split( ' ' );
					return m === method && path.startsWith( p );
				} )
				.sort( ( a, b ) => b.length - a.length )[ 0 ];
			if ( ! match ) {
				throw { code: 'no_route', message: `${ method } ${ path }` };
			}
			return routes[ match ]( { ...options, path } );
		}
	);
}

const EMPTY_PAGE = {
	items: [],
	total: 0,
	total_pages: 0,
	page: 1,
	per_page: 10,
};

/**
 * Renders the tab; returns queries scoped to its "Clean up now" section (the rule form and its preview).
 */
async function renderTab() {
	let container: HTMLElement = document.body;
	await act( async () => {
		( { container } = render( <CleanupTab /> ) );
	} );
	const all = within( container );
	return Object.assign(
		within( all.getByRole( 'region', { name: 'Clean up now' } ) ),
		{ all }
	);
}

beforeEach( () => {
	mockedFetch.mockReset();
} );

describe( 'CleanupTab', () => {
	it( 'says a read-only key cannot clean up, and offers no run', async () => {
		const why =
			'The API key provided does not have write permissions. On the store: WooCommerce → Settings → Advanced → REST API → edit this key → Permissions: Read/Write.';
		serve( {
			'GET /cleanup/preview': () => preview(),
			'GET /cleanup/runs': () => ( {
				...EMPTY_PAGE,
				can_delete: false,
				can_delete_reason: why,
			} ),
			'GET /cleanup/schedule': () => SCHEDULE,
			'GET /audit': () => EMPTY_PAGE,
		} );
		const tab = await renderTab();
		expect( tab.all.getByText( why ) ).toBeInTheDocument();
		await act( async () => {
			fireEvent.click( tab.getByRole( 'button', { name: 'Preview' } ) );
		} );
		const runNow = await waitFor( () =>
			tab.getByRole( 'button', { name: /^Run now/ } )
		);
		expect( runNow ).toBeDisabled();
	} );

	it( 'previews a rule: count, value, and the carts as text', async () => {
		const previews: string[] = [];
		serve( {
			'GET /cleanup/preview': ( { path } ) => {
				previews.push( path );
				return preview();
			},
			'GET /cleanup/runs': () => EMPTY_PAGE,
			'GET /cleanup/schedule': () => SCHEDULE,
			'GET /audit': () => EMPTY_PAGE,
		} );
		const tab = await renderTab();
		fireEvent.change(
			tab.getByLabelText(
				'Delete carts that expired more than this many days ago'
			),
			{ target: { value: '45' } }
		);
		fireEvent.click( tab.getByLabelText( 'Only empty carts' ) );
		await act( async () => {
			fireEvent.click( tab.getByRole( 'button', { name: 'Preview' } ) );
		} );
		expect( previews[ 0 ] ).toContain( 'expired_days=45' );
		expect( previews[ 0 ] ).toContain( 'empty_only=1' );
		expect(
			tab.getByText( '312 carts · $4,210.00 would be deleted' )
		).toBeInTheDocument();
		expect( tab.getByText( MALLORY ) ).toBeInTheDocument();
		expect( document.querySelector( 'img' ) ).toBeNull();
		expect(
			tab.getByRole( 'button', {
				name: /^Run now: Expired more than 45 days ago · empty carts only/,
			} )
		).toBeEnabled();

		// Changing the rule after the preview: run only after previewing again.
		fireEvent.click( tab.getByLabelText( 'Only empty carts' ) );
		expect(
			tab.getByRole( 'button', { name: /^Run now/ } )
		).toBeDisabled();
		expect(
			tab.getByText( /The rule changed since this preview/ )
		).toBeInTheDocument();
	} );

	it( 'refuses a bad rule before anything is sent', async () => {
		serve( {
			'GET /cleanup/runs': () => EMPTY_PAGE,
			'GET /cleanup/schedule': () => SCHEDULE,
			'GET /audit': () => EMPTY_PAGE,
		} );
		const tab = await renderTab();
		fireEvent.change(
			tab.getByLabelText(
				'Delete carts that expired more than this many days ago'
			),
			{ target: { value: '-3' } }
		);
		fireEvent.click( tab.getByLabelText( 'Only carts below a value' ) );
		fireEvent.change( tab.getByLabelText( 'Cart total below' ), {
			target: { value: '$20' },
		} );
		expect(
			tab.getByText( /Enter a whole number of days/ )
		).toBeInTheDocument();
		expect(
			tab.getByText( /Enter an amount such as 25/ )
		).toBeInTheDocument();
		expect( tab.getByRole( 'button', { name: 'Preview' } ) ).toBeDisabled();
		expect(
			mockedFetch.mock.calls.filter( ( [ o ] ) =>
				String( o.path ).includes( 'preview' )
			)
		).toHaveLength( 0 );
	} );

	it( 'runs batch by batch with a progress bar, then shows the outcome and the history', async () => {
		let steps = 0;
		let runsListed = 0;
		const started: unknown[] = [];
		serve( {
			'GET /cleanup/preview': () =>
				preview( { count: 50, value_total: '120.00' } ),
			'GET /cleanup/runs': () => {
				runsListed++;
				return runsListed > 1
					? {
							...EMPTY_PAGE,
							items: [
								run( {
									status: 'done',
									found: 50,
									deleted: 48,
									skipped: 1,
									failed: 1,
									processed: 50,
									duration_ms: 4200,
								} ),
							],
							total: 1,
							total_pages: 1,
						}
					: EMPTY_PAGE;
			},
			'GET /cleanup/schedule': () => SCHEDULE,
			'GET /audit': () => EMPTY_PAGE,
			'POST /cleanup/run': ( { data } ) => {
				started.push( data );
				return { run: run() };
			},
			'POST /cleanup/runs/7/step': () => {
				steps++;
				if ( steps < 2 ) {
					return { run: run( { processed: 25, deleted: 25 } ) };
				}
				return {
					run: run( {
						status: 'done',
						processed: 50,
						deleted: 48,
						skipped: 1,
						failed: 1,
						failures: [
							{ key: 't_bad', reason: 'The store answered 500.' },
						],
						duration_ms: 4200,
						export_url:
							'http://example.test/wp-json/cart-sessions/v1/cleanup/runs/7/export',
					} ),
				};
			},
		} );
		const tab = await renderTab();
		await act( async () => {
			fireEvent.click( tab.getByRole( 'button', { name: 'Preview' } ) );
		} );
		fireEvent.click(
			tab.getByLabelText(
				'Export the carts to a JSON file just before deleting them'
			)
		);
		await act( async () => {
			fireEvent.click( tab.getByRole( 'button', { name: /^Run now/ } ) );
		} );
		await waitFor( () => expect( steps ).toBe( 2 ) );
		expect( started[ 0 ] ).toEqual( {
			rule: run().rule,
			export: true,
		} );
		const progress = within( tab.getByTestId( 'cleanup-progress' ) );
		expect( progress.getByRole( 'progressbar' ) ).toHaveAttribute(
			'value',
			'50'
		);
		expect(
			progress.getByText(
				/50 of 50 carts: 48 deleted, 1 skipped, 1 failed\./
			)
		).toBeInTheDocument();
		expect( progress.getByText( 't_bad' ) ).toBeInTheDocument();
		expect(
			progress.getByText( /The store answered 500\./ )
		).toBeInTheDocument();
		expect(
			progress.getByRole( 'link', { name: /Download the export/ } )
		).toHaveAttribute(
			'href',
			expect.stringContaining( '/cleanup/runs/7/export' )
		);
		await waitFor( () =>
			expect(
				tab.all.getByTestId( 'cleanup-history' )
			).toBeInTheDocument()
		);
		expect(
			within( tab.all.getByTestId( 'cleanup-history' ) ).getByText( '#7' )
		).toBeInTheDocument();
	} );

	it( 'cancel stops asking for batches and tells the server', async () => {
		let steps = 0;
		const cancelled: string[] = [];
		let release: () => void = () => undefined;
		serve( {
			'GET /cleanup/preview': () => preview( { count: 50 } ),
			'GET /cleanup/runs': () => EMPTY_PAGE,
			'GET /cleanup/schedule': () => SCHEDULE,
			'GET /audit': () => EMPTY_PAGE,
			'POST /cleanup/run': () => ( { run: run() } ),
			'POST /cleanup/runs/7/step': async () => {
				steps++;
				await new Promise< void >(
					( resolve ) => ( release = resolve )
				);
				return { run: run( { processed: 25, deleted: 25 } ) };
			},
			'POST /cleanup/runs/7/cancel': ( { path } ) => {
				cancelled.push( path );
				return {
					run: run( {
						status: 'cancelled',
						processed: 25,
						deleted: 25,
					} ),
				};
			},
		} );
		const tab = await renderTab();
		await act( async () => {
			fireEvent.click( tab.getByRole( 'button', { name: 'Preview' } ) );
		} );
		await act( async () => {
			fireEvent.click( tab.getByRole( 'button', { name: /^Run now/ } ) );
		} );
		await act( async () => {
			fireEvent.click( tab.getByRole( 'button', { name: 'Cancel' } ) );
		} );
		await act( async () => {
			release();
		} );
		expect( cancelled ).toEqual( [ '/cleanup/runs/7/cancel' ] );
		expect( steps ).toBe( 1 );
		expect( tab.getByText( 'Run #7: Cancelled' ) ).toBeInTheDocument();
	} );

	it( 'says why a run could not start (another one is going)', async () => {
		serve( {
			'GET /cleanup/preview': () => preview( { count: 5 } ),
			'GET /cleanup/runs': () => EMPTY_PAGE,
			'GET /cleanup/schedule': () => SCHEDULE,
			'GET /audit': () => EMPTY_PAGE,
			'POST /cleanup/run': () => {
				throw {
					code: 'cart_sessions_cleanup_locked',
					message:
						'Cleanup run #3 is in progress. Wait for it to finish, or cancel it, then start again.',
					data: { status: 409 },
				};
			},
		} );
		const tab = await renderTab();
		await act( async () => {
			fireEvent.click( tab.getByRole( 'button', { name: 'Preview' } ) );
		} );
		await act( async () => {
			fireEvent.click( tab.getByRole( 'button', { name: /^Run now/ } ) );
		} );
		expect(
			tab.getByText( /Cleanup run #3 is in progress/ )
		).toBeInTheDocument();
	} );

	it( 'shows the schedule’s next run and the cron warning, and saves it', async () => {
		const saved: unknown[] = [];
		serve( {
			'GET /cleanup/runs': () => EMPTY_PAGE,
			'GET /cleanup/schedule': () => SCHEDULE,
			'GET /audit': () => EMPTY_PAGE,
			'POST /cleanup/schedule': ( { data } ) => {
				saved.push( data );
				return {
					...SCHEDULE,
					enabled: true,
					hour: 5,
					next_run: '2026-11-26T05:00:00Z',
				};
			},
		} );
		const tab = await renderTab();
		expect( tab.all.getByText( /DISABLE_WP_CRON/ ) ).toBeInTheDocument();
		expect( tab.all.getByTestId( 'cleanup-next-run' ) ).toHaveTextContent(
			'Not scheduled.'
		);
		fireEvent.click(
			tab.all.getByLabelText( 'Run this cleanup every day' )
		);
		fireEvent.change( tab.all.getByLabelText( 'At' ), {
			target: { value: '5' },
		} );
		await act( async () => {
			fireEvent.click(
				tab.all.getByRole( 'button', { name: 'Save schedule' } )
			);
		} );
		expect( saved[ 0 ] ).toEqual( {
			enabled: true,
			hour: 5,
			rule: SCHEDULE.rule,
		} );
		expect( tab.all.getByTestId( 'cleanup-next-run' ) ).toHaveTextContent(
			/^Next run: /
		);
		expect( tab.all.getByText( 'Schedule saved.' ) ).toBeInTheDocument();
	} );

	it( 'has one rule form: the previewed rule is the one "Schedule this rule" saves', async () => {
		const saved: Array< { rule: unknown; enabled: boolean } > = [];
		serve( {
			'GET /cleanup/preview': () => preview(),
			'GET /cleanup/runs': () => EMPTY_PAGE,
			'GET /cleanup/schedule': () => SCHEDULE,
			'GET /audit': () => EMPTY_PAGE,
			'POST /cleanup/schedule': ( { data } ) => {
				const body = data as { rule: unknown; enabled: boolean };
				saved.push( body );
				return { ...SCHEDULE, ...body };
			},
		} );
		const tab = await renderTab();
		// The schedule repeats no rule fields.
		expect(
			tab.all.getAllByLabelText(
				'Delete carts that expired more than this many days ago'
			)
		).toHaveLength( 1 );
		expect(
			tab.all.queryByRole( 'button', { name: /^Schedule this rule/ } )
		).toBeNull();
		fireEvent.change(
			tab.getByLabelText(
				'Delete carts that expired more than this many days ago'
			),
			{ target: { value: '45' } }
		);
		await act( async () => {
			fireEvent.click( tab.getByRole( 'button', { name: 'Preview' } ) );
		} );
		await act( async () => {
			fireEvent.click(
				tab.all.getByRole( 'button', {
					name: /^Schedule this rule daily instead: Expired more than 45 days ago/,
				} )
			);
		} );
		expect( saved[ 0 ] ).toMatchObject( {
			enabled: true,
			rule: { expired_days: 45 },
		} );
		expect(
			tab.all.getByTestId( 'cleanup-scheduled-rule' )
		).toHaveTextContent( /Expired more than 45 days ago/ );
	} );

	it( 'links each previewed cart to the Sessions tab, its panel open', async () => {
		serve( {
			'GET /cleanup/preview': () => preview(),
			'GET /cleanup/runs': () => EMPTY_PAGE,
			'GET /cleanup/schedule': () => SCHEDULE,
			'GET /audit': () => EMPTY_PAGE,
		} );
		const tab = await renderTab();
		await act( async () => {
			fireEvent.click( tab.getByRole( 'button', { name: 'Preview' } ) );
		} );
		const link = tab.getAllByRole( 'link' )[ 0 ];
		const url = new URL( link.getAttribute( 'href' ) as string );
		expect( url.searchParams.get( 'tab' ) ).toBe( 'sessions' );
		expect( url.searchParams.get( 'cart' ) ).toBe( link.textContent );
	} );
} );
