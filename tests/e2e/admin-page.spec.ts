/**
 * The admin page on a real WordPress in Chromium: the built app is enqueued and renders (the silent
 * non-enqueue trap of WordPress < 6.6 is what this guards), without console errors, and only for those allowed.
 */
import { test, expect } from '@wordpress/e2e-test-utils-playwright';
import type { ConsoleMessage, Page } from '@playwright/test';
import { SUBSCRIBER } from './sites';

/**
 * Collects console errors and uncaught exceptions of a page from now on.
 * @param page
 */
function collectErrors( page: Page ): string[] {
	const errors: string[] = [];
	page.on( 'console', ( message: ConsoleMessage ) => {
		if ( message.type() === 'error' ) {
			errors.push( `${ message.text() } @ ${ message.location().url }` );
		}
	} );
	page.on( 'pageerror', ( error ) =>
		errors.push( `uncaught: ${ error.message }` )
	);
	return errors;
}

test.describe( 'Cart Sessions admin page', () => {
	test( 'renders the React app for an administrator, with no console errors', async ( {
		page,
		admin,
	} ) => {
		const errors = collectErrors( page );
		await admin.visitAdminPage( 'tools.php', 'page=cart-sessions' );

		await expect(
			page.getByRole( 'heading', { level: 1, name: 'Cart Sessions' } )
		).toBeVisible();
		await expect( page.getByTestId( 'cart-sessions-app' ) ).toBeVisible();
		await expect( page.getByRole( 'tab' ) ).toHaveText( [
			'Overview',
			'Sessions',
			'Cleanup',
			'Settings',
		] );
		// Our bundle is on the page with its version from build/index.asset.php.
		await expect(
			page.locator(
				'script[src*="cart-sessions-for-cocart/build/index.js?ver="]'
			)
		).toHaveCount( 1 );

		await page.getByRole( 'tab', { name: 'Settings' } ).click();
		await expect( page ).toHaveURL( /[?&]tab=settings/ );
		await page.goBack();
		await expect(
			page.getByRole( 'tab', { name: 'Overview' } )
		).toHaveAttribute( 'aria-selected', 'true' );

		expect( errors ).toEqual( [] );
	} );

	test( 'is in the Tools menu and loads its script on its own screen only', async ( {
		page,
		admin,
	} ) => {
		await admin.visitAdminPage( 'index.php' );
		await expect(
			page.locator( '#menu-tools a[href="tools.php?page=cart-sessions"]' )
		).toHaveText( 'Cart Sessions' );
		await expect(
			page.locator( 'script[src*="cart-sessions-for-cocart/build/"]' )
		).toHaveCount( 0 );
	} );

	test( 'refuses a subscriber', async ( { browser, baseURL } ) => {
		const context = await browser.newContext( {
			baseURL,
			storageState: { cookies: [], origins: [] },
		} );
		const page = await context.newPage();
		await page.goto( '/wp-login.php' );
		await page.locator( '#user_login' ).fill( SUBSCRIBER.username );
		await page.locator( '#user_pass' ).fill( SUBSCRIBER.password );
		await page.locator( '#wp-submit' ).click();
		await page.waitForURL( /wp-admin/ );

		const response = await page.goto(
			'/wp-admin/tools.php?page=cart-sessions'
		);
		expect( response?.status() ).toBe( 403 );
		await expect( page.locator( 'body' ) ).toContainText(
			'Sorry, you are not allowed to access this page.'
		);
		await expect( page.getByTestId( 'cart-sessions-app' ) ).toHaveCount(
			0
		);
		await context.close();
	} );
} );
