import { act, fireEvent, render, within } from '@testing-library/react';
import apiFetch from '@wordpress/api-fetch';
import type { ConnectResult } from '../../api/settings';
import { connectionSettings } from '../../test-support/settings';
import { goTo } from './navigate';
import { SettingsTab } from './SettingsTab';
import { StatusCard } from './StatusCard';

// apiFetch and the browser's navigation are the edges of this unit: the routes are tested in PHP, the whole flow
// in tests/e2e/connect.spec.ts.
jest.mock( '@wordpress/api-fetch', () => jest.fn() );
jest.mock( './navigate', () => ( { goTo: jest.fn() } ) );
const mockedFetch = apiFetch as unknown as jest.Mock;
const mockedGoTo = goTo as unknown as jest.Mock;

const TOKEN = 'ab'.repeat( 32 );
const SETTINGS_URL = '/wp-admin/tools.php?page=cart-sessions&tab=settings';

const settings = connectionSettings;

const CONNECTED = settings( {
	store_url: 'https://shop.example',
	sources: { ...settings().sources, store_url: 'saved' },
	state: 'ok',
	consumer_key_hint: 'ck_…9f8e',
	secret_saved: true,
	key_meta: {
		via: 'connect',
		obtained_at: '2026-11-20T10:00:00+00:00',
		description: 'Cart Sessions for CoCart - API (2026-11-20 10:00:00)',
		permission: 'read_write',
		key_id: 7,
		truncated_key: '1c9f8e',
	},
	last_report: {
		store_url: 'https://shop.example',
		checked_at: '2026-11-20T10:00:05Z',
		ok: true,
		cocart_version: '4.3.6',
		permission: 'read_write',
	},
} );

async function renderTab( search = '' ) {
	window.history.replaceState( null, '', SETTINGS_URL + search );
	let container: HTMLElement = document.body;
	await act( async () => {
		( { container } = render( <SettingsTab /> ) );
	} );
	return within( container );
}

beforeEach( () => {
	mockedFetch.mockReset();
	mockedGoTo.mockReset();
} );

describe( 'Connect to a store', () => {
	it( 'sends the browser to the store’s approve screen with the address and permission chosen', async () => {
		mockedFetch.mockResolvedValueOnce( settings() );
		const tab = await renderTab();
		fireEvent.change( tab.getByLabelText( 'Store address' ), {
			target: { value: ' https://shop.example ' },
		} );
		fireEvent.click( tab.getByLabelText( 'Read only: view carts' ) );
		const authorize = `https://shop.example/wc-auth/v1/authorize?user_id=${ TOKEN }`;
		mockedFetch.mockResolvedValueOnce( {
			authorize_url: authorize,
			expires_at: '2026-11-20T10:15:00Z',
		} );
		await act( async () => {
			fireEvent.click(
				tab.getByRole( 'button', { name: 'Connect to a store' } )
			);
		} );
		expect( mockedFetch.mock.calls[ 1 ][ 0 ] ).toMatchObject( {
			path: '/cart-sessions/v1/connection/connect',
			method: 'POST',
			data: { store_url: 'https://shop.example', scope: 'read' },
		} );
		expect( mockedGoTo ).toHaveBeenCalledWith( authorize );
	} );

	it( 'cannot start without HTTPS here, says why, and keeps the manual way', async () => {
		const reason =
			'This site is not on HTTPS, and WooCommerce sends a new key only to an HTTPS address.';
		mockedFetch.mockResolvedValueOnce(
			settings( { connect: { available: false, reason } } )
		);
		const tab = await renderTab();
		expect(
			tab.getByRole( 'button', { name: 'Connect to a store' } )
		).toBeDisabled();
		expect( tab.getByText( reason ) ).toBeInTheDocument();
		expect( tab.getByLabelText( 'Consumer key' ) ).toBeEnabled();
	} );

	it( 'back from the store, finishes the connect once, shows the new key and where to revoke the old one', async () => {
		mockedFetch.mockResolvedValueOnce( settings( { state: 'ok' } ) );
		const result: ConnectResult = {
			status: 'connected',
			message:
				'Connected: the new key passed the connection doctor and is now in use.',
			report: {
				ok: true,
				checked_at: '2026-11-20T10:00:05Z',
				checks: [
					{
						id: 'key',
						label: 'API key',
						status: 'pass',
						message: 'The store accepts the key pair.',
					},
				],
			},
			revoke: {
				store_url: 'https://shop.example',
				keys_url:
					'https://shop.example/wp-admin/admin.php?page=wc-settings&tab=advanced&section=keys&edit-key=3',
				hint: 'ck_…a1b2',
				truncated_key: '7a1a1b2',
				description:
					'Cart Sessions for CoCart - API (2025-01-02 03:04:05)',
			},
			settings: CONNECTED,
		};
		mockedFetch.mockResolvedValueOnce( result );
		const tab = await renderTab( `&success=1&user_id=${ TOKEN }` );

		expect( mockedFetch.mock.calls[ 1 ][ 0 ] ).toMatchObject( {
			path: '/cart-sessions/v1/connection/finish',
			method: 'POST',
			data: { token: TOKEN, success: true },
		} );
		expect( window.location.search ).toBe(
			'?page=cart-sessions&tab=settings'
		);
		expect( tab.getByText( result.message ) ).toBeInTheDocument();
		expect(
			tab.getByText(
				/Now revoke the old key on the store, the key ending in 7a1a1b2/
			)
		).toBeInTheDocument();
		expect(
			tab.getByRole( 'link', { name: /Open the store’s REST API keys/ } )
		).toHaveAttribute( 'href', result.revoke?.keys_url );
		expect(
			tab.getByRole( 'heading', { name: 'Connected' } )
		).toBeInTheDocument();
		expect(
			tab.getByText(
				/ck_…9f8e, “Cart Sessions for CoCart - API \(2026-11-20 10:00:00\)”, Read\/Write/
			)
		).toBeInTheDocument();
		expect(
			tab.getByText( '1 check passed (of 1); none failed.' )
		).toBeInTheDocument();
	} );

	it( 'says clearly that the store denied access, or that the request expired', async () => {
		mockedFetch.mockResolvedValueOnce( settings() );
		mockedFetch.mockResolvedValueOnce( {
			status: 'denied',
			message:
				'The store did not give a key: access was denied (or the login cancelled) on the store. Nothing was saved; the connection is as it was.',
			report: null,
			revoke: null,
			settings: settings(),
		} );
		let tab = await renderTab( `&success=0&user_id=${ TOKEN }` );
		expect( mockedFetch.mock.calls[ 1 ][ 0 ].data ).toEqual( {
			token: TOKEN,
			success: false,
		} );
		expect( tab.getByText( /access was denied/ ) ).toBeInTheDocument();

		document.body.innerHTML = '';
		mockedFetch.mockReset();
		mockedFetch.mockResolvedValueOnce( settings() );
		mockedFetch.mockRejectedValueOnce( {
			code: 'cart_sessions_connect_expired',
			message:
				'This connection request has expired or was already used (each lasts 15 minutes and works once). Nothing was saved. Click “Connect to a store” again.',
			data: { status: 410 },
		} );
		tab = await renderTab( `&success=1&user_id=${ TOKEN }` );
		expect(
			tab.getByText( /has expired or was already used/ )
		).toBeInTheDocument();
	} );
} );

describe( 'StatusCard', () => {
	it( 'reminds to rotate a key older than a year, and Replace this key gets a new one the same way', async () => {
		const now = new Date( '2027-12-01T00:00:00Z' ).getTime();
		let container: HTMLElement = document.body;
		await act( async () => {
			( { container } = render(
				<StatusCard settings={ CONNECTED } now={ now } />
			) );
		} );
		const card = within( container );
		expect( card.getByText( /more than a year old/ ) ).toBeInTheDocument();
		expect( card.getByText( '4.3.6' ) ).toBeInTheDocument();
		expect( card.getByText( 'https://shop.example' ) ).toBeInTheDocument();

		mockedFetch.mockResolvedValueOnce( {
			authorize_url: 'https://shop.example/wc-auth/v1/authorize?x=1',
			expires_at: '2027-12-01T00:15:00Z',
		} );
		await act( async () => {
			fireEvent.click(
				card.getByRole( 'button', { name: 'Replace this key' } )
			);
		} );
		expect( mockedFetch.mock.calls[ 0 ][ 0 ].data ).toEqual( {
			store_url: 'https://shop.example',
			scope: 'read_write',
		} );
		expect( mockedGoTo ).toHaveBeenCalledWith(
			'https://shop.example/wc-auth/v1/authorize?x=1'
		);
	} );

	it( 'does not remind for a young key, and says not connected without one', async () => {
		const now = new Date( '2026-12-01T00:00:00Z' ).getTime();
		const { container, rerender } = render(
			<StatusCard settings={ CONNECTED } now={ now } />
		);
		expect( container.textContent ).not.toMatch( /more than a year old/ );
		rerender( <StatusCard settings={ settings() } now={ now } /> );
		expect(
			within( container ).getByRole( 'heading', {
				name: 'Not connected',
			} )
		).toBeInTheDocument();
		expect(
			within( container ).queryByRole( 'button', {
				name: 'Replace this key',
			} )
		).toBeNull();
	} );
} );
