import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { App } from './App';

// The Sessions tab has tests of its own; here it only has to show up when its tab is chosen, and raise a
// snackbar as it does after a delete.
jest.mock( './sessions/SessionsTab', () => ( {
	__esModule: true,
	default: function SessionsTab() {
		const snackbar = jest.requireActual( './Snackbars' ).useSnackbar();
		return (
			<>
				<p>The sessions table</p>
				<button onClick={ () => snackbar( '3 carts deleted.' ) }>
					Delete
				</button>
			</>
		);
	},
} ) );
jest.mock( './settings/SettingsTab', () => ( {
	SettingsTab: () => <p>The settings</p>,
} ) );
jest.mock( './overview/OverviewTab', () => ( {
	OverviewTab: () => <p>The overview</p>,
} ) );

// So is the Cleanup tab; here it stands in with its summary line.
jest.mock( './cleanup/CleanupTab', () => ( {
	__esModule: true,
	default: () => <p>Remove abandoned carts by rule.</p>,
} ) );

function openAt( search: string ) {
	window.history.replaceState( null, '', `/wp-admin/tools.php${ search }` );
}

// The tabs (Ariakit) settle their focus state asynchronously: render inside an async act() so that finishes.
async function renderApp() {
	let result: ReturnType< typeof render > | undefined;
	await act( async () => {
		result = render( <App /> );
	} );
	return result as ReturnType< typeof render >;
}

describe( 'App', () => {
	it( 'opens the Overview tab by default', async () => {
		openAt( '?page=cart-sessions' );
		await renderApp();
		expect(
			screen.getByRole( 'tab', { name: 'Overview' } )
		).toHaveAttribute( 'aria-selected', 'true' );
		expect(
			screen.getAllByRole( 'tab' ).map( ( tab ) => tab.textContent )
		).toEqual( [ 'Overview', 'Sessions', 'Cleanup', 'Settings' ] );
	} );

	it( 'opens the tab named in the URL, and ignores an unknown one', async () => {
		openAt( '?page=cart-sessions&tab=settings' );
		const { unmount } = await renderApp();
		expect(
			screen.getByRole( 'tab', { name: 'Settings' } )
		).toHaveAttribute( 'aria-selected', 'true' );
		unmount();

		openAt( '?page=cart-sessions&tab=nope' );
		await renderApp();
		expect(
			screen.getByRole( 'tab', { name: 'Overview' } )
		).toHaveAttribute( 'aria-selected', 'true' );
	} );

	it( 'puts the chosen tab in the URL and follows Back', async () => {
		openAt( '?page=cart-sessions' );
		await renderApp();
		await act( async () => {
			fireEvent.click( screen.getByRole( 'tab', { name: 'Cleanup' } ) );
		} );
		expect(
			new URLSearchParams( window.location.search ).get( 'tab' )
		).toBe( 'cleanup' );
		expect(
			new URLSearchParams( window.location.search ).get( 'page' )
		).toBe( 'cart-sessions' );
		expect(
			screen.getByText( 'Remove abandoned carts by rule.' )
		).toBeInTheDocument();

		await act( async () => {
			window.history.replaceState(
				null,
				'',
				'/wp-admin/tools.php?page=cart-sessions&tab=sessions'
			);
			window.dispatchEvent( new PopStateEvent( 'popstate' ) );
		} );
		expect(
			screen.getByRole( 'tab', { name: 'Sessions' } )
		).toHaveAttribute( 'aria-selected', 'true' );
		expect(
			await screen.findByText( 'The sessions table' )
		).toBeInTheDocument();
	} );

	it( 'keeps a snackbar raised by one tab on screen when another tab opens', async () => {
		openAt( '?page=cart-sessions&tab=sessions' );
		const { container } = await renderApp();
		fireEvent.click(
			await screen.findByRole( 'button', { name: 'Delete' } )
		);
		await act( async () => {
			fireEvent.click( screen.getByRole( 'tab', { name: 'Settings' } ) );
		} );
		expect( screen.getByText( 'The settings' ) ).toBeInTheDocument();
		expect( screen.queryByText( 'The sessions table' ) ).toBeNull();
		// Within the app: WordPress also speaks the snackbar into a live region of its own.
		expect(
			within( container ).getByText( '3 carts deleted.' )
		).toBeInTheDocument();
	} );
} );
