import { act, fireEvent, render, screen } from '@testing-library/react';
import { App } from './App';

// The Sessions tab has tests of its own; here it only has to show up when its tab is chosen.
jest.mock( './sessions/SessionsTab', () => ( {
	__esModule: true,
	default: () => <p>The sessions table</p>,
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
} );
