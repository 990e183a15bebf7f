import { act, fireEvent, render, within } from '@testing-library/react';
import apiFetch from '@wordpress/api-fetch';
import { connectionSettings } from '../../test-support/settings';
import { SettingsTab } from './SettingsTab';

// apiFetch is the edge of this unit: the routes are tested in PHP and end to end.
jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const mockedFetch = apiFetch as unknown as jest.Mock;

const SECRET = 'cs_' + 'f00dfeed'.repeat( 5 );

const settings = connectionSettings;

async function renderTab() {
	let container: HTMLElement = document.body;
	await act( async () => {
		( { container } = render( <SettingsTab /> ) );
	} );
	return within( container );
}

beforeEach( () => mockedFetch.mockReset() );

describe( 'SettingsTab', () => {
	it( 'says no key is needed when CoCart is on this site, and lets the connection be tested', async () => {
		mockedFetch.mockResolvedValueOnce( settings( { in_process: true } ) );
		const tab = await renderTab();
		expect(
			tab.getByText( /CoCart is installed on this site/ )
		).toBeInTheDocument();
		expect( tab.queryByText( /Connect to your CoCart store/ ) ).toBeNull();
		expect(
			tab.getByRole( 'button', { name: /Test connection/ } )
		).toBeEnabled();
	} );

	it( 'saves a pasted key pair and then shows only the hint, never the secret', async () => {
		mockedFetch.mockResolvedValueOnce( settings() );
		const tab = await renderTab();
		expect(
			tab.getByText( /Connect to your CoCart store/ )
		).toBeInTheDocument();

		fireEvent.change( tab.getByLabelText( 'Consumer key' ), {
			target: { value: 'ck_' + 'a1'.repeat( 20 ) },
		} );
		fireEvent.change( tab.getByLabelText( 'Consumer secret' ), {
			target: { value: SECRET },
		} );
		mockedFetch.mockResolvedValueOnce(
			settings( {
				state: 'ok',
				consumer_key_hint: 'ck_…a1a1',
				secret_saved: true,
				sources: {
					...settings().sources,
					consumer_key: 'saved',
					consumer_secret: 'saved',
				},
			} )
		);
		await act( async () => {
			fireEvent.click(
				tab.getByRole( 'button', { name: 'Save settings' } )
			);
		} );

		expect( mockedFetch.mock.calls[ 1 ][ 0 ] ).toMatchObject( {
			path: '/cart-sessions/v1/settings',
			method: 'POST',
			data: {
				consumer_key: 'ck_' + 'a1'.repeat( 20 ),
				consumer_secret: SECRET,
				store_url: '',
			},
		} );
		expect( tab.getByText( 'Settings saved.' ) ).toBeInTheDocument();
		expect( tab.getByLabelText( 'Consumer secret' ) ).toHaveValue( '' );
		expect(
			tab.getByText( /Secret saved\. It is never shown again/ )
		).toBeInTheDocument();
		expect(
			tab.getByText( 'Saved: ck_…a1a1. Leave empty to keep it.' )
		).toBeInTheDocument();
		expect( document.body.innerHTML ).not.toContain( SECRET );
	} );

	it( 'keeps what was typed and names the field when a save is refused', async () => {
		mockedFetch.mockResolvedValueOnce( settings() );
		const tab = await renderTab();
		fireEvent.change( tab.getByLabelText( 'Store URL' ), {
			target: { value: 'ftp://shop.example' },
		} );
		mockedFetch.mockRejectedValueOnce( {
			code: 'rest_invalid_param',
			message: 'Invalid parameter(s): store_url',
			data: {
				status: 400,
				params: { store_url: 'Use an http:// or https:// address.' },
			},
		} );
		await act( async () => {
			fireEvent.click(
				tab.getByRole( 'button', { name: 'Save settings' } )
			);
		} );
		expect( tab.getByText( /Nothing was saved\./ ) ).toBeInTheDocument();
		expect(
			tab.getByText( 'Use an http:// or https:// address.' )
		).toBeInTheDocument();
		expect( tab.getByLabelText( 'Store URL' ) ).toHaveValue(
			'ftp://shop.example'
		);
	} );

	it( 'shows and saves how long the history and the audit log are kept', async () => {
		mockedFetch.mockResolvedValueOnce( settings() );
		const tab = await renderTab();
		const history = tab.getByLabelText(
			'Keep the daily history for (days)'
		);
		const audit = tab.getByLabelText( 'Keep the audit log for (days)' );
		expect( history ).toHaveValue( 400 );
		expect( audit ).toHaveValue( 90 );

		// Out of range: the browser's own check stops the save before any request (the route refuses it too,
		// naming the field: tests/php/Privacy/RetentionSettingsTest.php).
		fireEvent.change( audit, { target: { value: '0' } } );
		await act( async () => {
			fireEvent.click(
				tab.getByRole( 'button', { name: 'Save settings' } )
			);
		} );
		expect( mockedFetch ).toHaveBeenCalledTimes( 1 );
		expect( ( audit as HTMLInputElement ).validity.rangeUnderflow ).toBe(
			true
		);

		fireEvent.change( history, { target: { value: '30' } } );
		fireEvent.change( audit, { target: { value: '60' } } );
		mockedFetch.mockResolvedValueOnce(
			settings( { history_retention_days: 30, audit_retention_days: 60 } )
		);
		await act( async () => {
			fireEvent.click(
				tab.getByRole( 'button', { name: 'Save settings' } )
			);
		} );
		expect( mockedFetch.mock.calls[ 1 ][ 0 ].data ).toMatchObject( {
			history_retention_days: 30,
			audit_retention_days: 60,
		} );
		expect( tab.getByText( 'Settings saved.' ) ).toBeInTheDocument();
		expect(
			tab.getByLabelText( 'Keep the audit log for (days)' )
		).toHaveValue( 60 );
	} );

	it( 'locks a field set in wp-config.php and says where it comes from', async () => {
		mockedFetch.mockResolvedValueOnce(
			settings( {
				state: 'ok',
				store_url: 'https://shop.example',
				sources: { ...settings().sources, store_url: 'constant' },
				locked: { store_url: true },
				overridden_by: { store_url: 'COCART_API_URL' },
			} )
		);
		const tab = await renderTab();
		expect( tab.getByLabelText( 'Store URL' ) ).toBeDisabled();
		expect(
			tab.getByText(
				'Set by COCART_API_URL (a constant in wp-config.php): change it there.'
			)
		).toBeInTheDocument();
	} );

	it( 'says when a backup key took over', async () => {
		mockedFetch.mockResolvedValueOnce(
			settings( {
				state: 'ok',
				consumer_key_hint: 'ck_…a1b2',
				secret_saved: true,
				key_in_use: {
					index: 1,
					label: 'backup',
					consumer_key_hint: 'ck_…c3d4',
					auth: 'oauth',
					rotated_at: '2026-11-25T09:00:00Z',
					rotated_from_hint: 'ck_…a1b2',
				},
			} )
		);
		const tab = await renderTab();
		expect(
			tab.getByText(
				/The store refused the primary key ck_…a1b2, so the backup key ck_…c3d4 is in use/
			)
		).toBeInTheDocument();
	} );

	it( 'runs the connection doctor and shows each check in words with its fix', async () => {
		mockedFetch.mockResolvedValueOnce(
			settings( {
				state: 'ok',
				consumer_key_hint: 'ck_…a1b2',
				secret_saved: true,
			} )
		);
		const tab = await renderTab();
		mockedFetch.mockResolvedValueOnce( {
			checks: [
				{
					id: 'reachable',
					label: 'Store reachable',
					status: 'pass',
					message: 'The store answered in 80 ms.',
				},
				{
					id: 'key_permission',
					label: 'Key permission',
					status: 'fail',
					message: 'The key is read-only: deleting carts will fail.',
					fix: 'Create a Read/Write key under WooCommerce → Settings → Advanced → REST API.',
				},
			],
		} );
		await act( async () => {
			fireEvent.click(
				tab.getByRole( 'button', { name: 'Test connection' } )
			);
		} );
		expect( tab.getByText( '1 check failed (of 2).' ) ).toBeInTheDocument();
		// What needs attention first; the passed checks collapsed, as Site Health lists them.
		let rows = tab.getAllByRole( 'row' );
		expect( rows ).toHaveLength( 2 );
		expect( rows[ 1 ] ).toHaveTextContent(
			/Key permission✗ FailThe key is read-only/
		);
		expect( rows[ 1 ] ).toHaveTextContent( 'Fix: Create a Read/Write key' );
		const toggle = tab.getByRole( 'button', { name: 'Passed check (1)' } );
		expect( toggle ).toHaveAttribute( 'aria-expanded', 'false' );
		fireEvent.click( toggle );
		expect( toggle ).toHaveAttribute( 'aria-expanded', 'true' );
		rows = tab.getAllByRole( 'row' );
		expect( rows[ 3 ] ).toHaveTextContent(
			'Store reachable✓ PassThe store answered in 80 ms.'
		);
	} );
} );
