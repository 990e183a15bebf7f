/**
 * Cleanup in the browser, on both WordPress versions: a store manager previews a rule — the count and
 * the carts equal what the double's table says the rule matches — runs it with the progress bar moving batch by
 * batch, and the run appears in the history; exactly the matching carts are gone from the store.
 */
import { test, expect } from '@wordpress/e2e-test-utils-playwright';
import {
	createKey,
	query,
	resetDouble,
	seedCarts,
	storedCarts,
	type StoredCart,
} from './double';
import { siteOf } from './sites';
import { app, saveKeyPair } from './ui';

const DAYS = 3;

function matching( carts: StoredCart[], days: number ): string[] {
	const cutoff = Date.now() / 1000 - days * 86400;
	return carts
		.filter( ( cart ) => cart.expiry < cutoff )
		.map( ( cart ) => cart.key )
		.sort();
}

test.describe( 'Cleanup', () => {
	test.beforeEach( async ( { page }, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		resetDouble( site );
		seedCarts( site, 90, 5 );
		// A run left behind by an interrupted earlier test must not hold the lock.
		query(
			site,
			"DELETE FROM wp_options WHERE option_name = 'cart_sessions_cleanup_lock'"
		);
		await saveKeyPair( page, createKey( site, 'read_write' ) );
	} );

	test( 'preview, run with progress, and the run in the history', async ( {
		page,
	}, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		const truth = matching( storedCarts( site ), DAYS );
		expect( truth.length ).toBeGreaterThan( 30 ); // More than one batch of 25.

		await page.goto( '/wp-admin/tools.php?page=cart-sessions&tab=cleanup' );
		const now = app( page ).getByRole( 'region', { name: 'Clean up now' } );
		await now
			.getByLabel(
				'Delete carts that expired more than this many days ago'
			)
			.fill( String( DAYS ) );
		await now.getByRole( 'button', { name: 'Preview' } ).click();

		const preview = now.getByTestId( 'cleanup-preview' );
		await expect(
			preview.getByText(
				new RegExp( `^${ truth.length } carts · .+ would be deleted$` )
			)
		).toBeVisible( { timeout: 30_000 } );
		const shown = await preview
			.locator( 'tbody tr td:first-child code' )
			.allTextContents();
		expect( shown.length ).toBe( 20 );
		for ( const key of shown ) {
			expect( truth ).toContain( key );
		}

		await now
			.getByRole( 'button', {
				name: /^Run now: Expired more than 3 days ago/,
			} )
			.click();
		const progress = now.getByTestId( 'cleanup-progress' );
		const bar = progress.getByRole( 'progressbar' );
		await expect( bar ).toBeVisible();
		// The bar moves one batch (25 carts) at a time: a value before the end is seen on the way.
		const midway = [ 25, 50, 75 ].filter(
			( value ) => value < truth.length
		);
		await expect( bar ).toHaveAttribute(
			'value',
			new RegExp( `^(${ midway.join( '|' ) })$` ),
			{ timeout: 60_000 }
		);
		await expect( bar ).toHaveAttribute( 'max', String( truth.length ) );
		await expect( progress.getByText( /^Run #\d+: Done$/ ) ).toBeVisible( {
			timeout: 60_000,
		} );
		await expect(
			progress.getByText(
				new RegExp(
					`^${ truth.length } of ${ truth.length } carts: ${ truth.length } deleted, 0 skipped, 0 failed\\.`
				)
			)
		).toBeVisible();
		const label =
			( await progress.getByText( /^Run #\d+: Done$/ ).textContent() ) ??
			'';
		const id = label.match( /#(\d+)/ )?.[ 1 ];

		const history = app( page ).getByTestId( 'cleanup-history' );
		const row = history.locator( 'tbody tr', { hasText: `#${ id }` } );
		await expect( row ).toBeVisible();
		await expect( row.locator( 'td' ).nth( 2 ) ).toContainText( 'Manual' );
		await expect( row.locator( 'td' ).nth( 4 ) ).toHaveText(
			String( truth.length )
		);
		await expect( row.locator( 'td' ).nth( 5 ) ).toHaveText(
			String( truth.length )
		);
		await expect( row.locator( 'td' ).nth( 9 ) ).toContainText( 'Done' );

		const left = storedCarts( site ).map( ( cart ) => cart.key );
		expect( left.filter( ( key ) => truth.includes( key ) ) ).toEqual( [] );
		expect( left.length ).toBeGreaterThan( 0 );

		// The audit names the deleted carts.
		const audit = app( page ).getByTestId( 'cleanup-audit' );
		await expect( audit.locator( 'tbody tr' ).first() ).toContainText(
			`(run #${ id })`
		);
	} );
} );
