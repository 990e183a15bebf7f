/**
 * The plugin on the store itself (the dev sites: the plugin and the store double share a WordPress): the
 * Sessions tab lists the store's carts on first open with no key, and the Settings tab says no key is needed.
 */
import { test, expect } from '@wordpress/e2e-test-utils-playwright';
import { execFileSync } from 'child_process';
import path from 'path';
import { storedCarts } from './double';
import { siteOf } from './sites';
import { app } from './ui';

test.describe( 'Same site', () => {
	test.beforeEach( () => {
		// As `bin/local-wp up` leaves a site: 500 carts, CoCart called in-process, no saved connection.
		execFileSync(
			path.join( __dirname, '../../bin/local-wp' ),
			[ 'dev-defaults' ],
			{ stdio: 'ignore' }
		);
	} );

	test( 'the Sessions tab lists every cart of this site with no key, and Settings says none is needed', async ( {
		page,
	}, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		const stored = storedCarts( site ).length;
		expect( stored ).toBe( 500 );

		await page.goto(
			'/wp-admin/tools.php?page=cart-sessions&tab=sessions&status=all'
		);
		await expect(
			app( page ).locator( 'tbody .cart-sessions-customer__key' ).first()
		).toBeVisible( { timeout: 30_000 } );
		await expect(
			app( page ).getByText( new RegExp( `of ${ stored } carts?$`, 'i' ) )
		).toBeVisible();

		await page.goto(
			'/wp-admin/tools.php?page=cart-sessions&tab=settings'
		);
		await expect(
			app( page ).getByText( /CoCart is installed on this site/ )
		).toBeVisible();
		await expect(
			app( page ).getByText( /Connect to your CoCart store/ )
		).toHaveCount( 0 );
		await app( page )
			.getByRole( 'button', { name: 'Test connection' } )
			.click();
		await expect(
			app( page ).locator( '.cart-sessions-doctor__summary' )
		).toContainText( 'none failed', { timeout: 30_000 } );
		// Passed checks are listed under a button, as in Site Health.
		await app( page )
			.getByRole( 'button', { name: /Passed checks/ } )
			.click();
		await expect(
			app( page ).getByText(
				/CoCart on this site, called directly — no key needed/
			)
		).toBeVisible( { timeout: 30_000 } );
	} );
} );
