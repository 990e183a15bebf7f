/**
 * The screenshots of readme.txt (== Screenshots ==, in that order), taken from the real screen against the store
 * double: .wordpress-org/screenshot-N.png. On demand only — `npm run screenshots` (SCREENSHOTS=1) — not in CI.
 */
import path from 'path';
import { test, expect } from '@wordpress/e2e-test-utils-playwright';
import type { Page } from '@playwright/test';
import { createKey, resetDouble, seedCarts } from './double';
import { siteOf } from './sites';
import { app, saveKeyPair } from './ui';

const OUT = path.join( __dirname, '../../.wordpress-org' );
const PAGE = '/wp-admin/tools.php?page=cart-sessions';

test.skip(
	! process.env.SCREENSHOTS,
	'Screenshots are taken on demand: npm run screenshots'
);
test.use( { viewport: { width: 1280, height: 860 } } );

async function shoot( page: Page, n: number ) {
	// Let spinners, fetches and transitions settle.
	await expect( app( page ).locator( '.components-spinner' ) ).toHaveCount(
		0,
		{ timeout: 30_000 }
	);
	await page.waitForTimeout( 500 );
	await page.screenshot( {
		path: path.join( OUT, `screenshot-${ n }.png` ),
	} );
}

test( 'readme screenshots', async ( { page }, testInfo ) => {
	test.setTimeout( 300_000 );
	const site = siteOf( testInfo.project.name );
	resetDouble( site );
	seedCarts( site, 120 );
	await saveKeyPair( page, createKey( site, 'read_write' ) );

	// 1. Overview, once every cart has been read.
	await page.goto( PAGE );
	await expect(
		app( page ).getByText( 'Carts in session', { exact: true } ).first()
	).toBeVisible( {
		timeout: 60_000,
	} );
	await expect( app( page ).getByText( /Reading the carts/ ) ).toHaveCount(
		0,
		{ timeout: 120_000 }
	);
	await shoot( page, 1 );

	// 2. Sessions: the carts worth chasing, from the Overview in one click.
	await app( page )
		.getByRole( 'link', { name: /^See the \d+ carts? worth chasing$/ } )
		.click();
	const rows = app( page ).locator( 'tbody tr' );
	await expect( rows.first() ).toBeVisible( { timeout: 30_000 } );
	await shoot( page, 2 );

	// 3. One cart in detail (one with a customer and items).
	const withCustomer = rows
		.filter( { has: page.locator( '.cart-sessions-customer__email' ) } )
		.first();
	await withCustomer.getByRole( 'button', { name: 'View details' } ).click();
	await expect(
		page.getByRole( 'dialog' ).getByText( 'Copy as JSON' )
	).toBeVisible( { timeout: 30_000 } );
	await shoot( page, 3 );
	await page.keyboard.press( 'Escape' );

	// 4. Deleting the expired carts: the view, select all matching, then the confirmation naming the count.
	await page.goto( `${ PAGE }&tab=sessions&status=expired` );
	await expect( rows.first() ).toBeVisible( { timeout: 30_000 } );
	await app( page )
		.getByRole( 'checkbox', { name: 'Select all' } )
		.first()
		.check();
	const allMatching = app( page ).getByRole( 'button', {
		name: /^Select all \d+ matching carts$/,
	} );
	if ( await allMatching.isVisible() ) {
		await allMatching.click();
	}
	await app( page )
		.getByRole( 'button', { name: 'Delete', exact: true } )
		.click();
	await expect(
		page.getByRole( 'dialog', { name: 'Delete carts' } )
	).toBeVisible();
	await shoot( page, 4 );
	await page.keyboard.press( 'Escape' );

	// 5. Cleanup.
	await page.goto( `${ PAGE }&tab=cleanup` );
	await shoot( page, 5 );

	// 6. Settings with the connection test passed.
	await page.goto( `${ PAGE }&tab=settings` );
	await page.getByRole( 'button', { name: 'Test connection' } ).click();
	await expect(
		page.locator( '.cart-sessions-doctor__summary' )
	).toBeVisible( { timeout: 30_000 } );
	await page.locator( '.cart-sessions-doctor' ).scrollIntoViewIfNeeded();
	await shoot( page, 6 );
} );
