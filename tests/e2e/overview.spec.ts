/**
 * The Overview in the browser, on both WordPress versions: after the first scan the Overview shows the
 * numbers of the store double's table and its trend chart, and a number's link opens the Sessions tab filtered to
 * the carts behind it.
 */
import { test, expect } from '@wordpress/e2e-test-utils-playwright';
import type { Page } from '@playwright/test';
import { readFileSync } from 'fs';
import { createKey, resetDouble, seedCarts, storedCarts } from './double';
import { siteOf } from './sites';
import { app, saveKeyPair } from './ui';

const number = ( value: number ) =>
	new Intl.NumberFormat( 'en-US' ).format( value );

function figure( page: Page, id: string ) {
	return app( page ).locator( `[data-figure="${ id }"]` );
}

test.describe( 'Overview', () => {
	test.beforeEach( ( {}, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		resetDouble( site );
		seedCarts( site, 120, 5 );
	} );

	test( 'renders the numbers of the store and its chart; a number opens the Sessions tab filtered', async ( {
		page,
	}, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		await saveKeyPair( page, createKey( site, 'read_write' ) );

		await page.goto( '/wp-admin/tools.php?page=cart-sessions' );
		await expect( app( page ).getByTestId( 'overview' ) ).toBeVisible( {
			timeout: 30_000,
		} );
		// The first scan reads every cart's contents; the screen polls until it is done.
		await expect( app( page ).getByRole( 'progressbar' ) ).toHaveCount( 0, {
			timeout: 120_000,
		} );

		// The admin's own cart (the key owner's: our requests refresh it) is not a customer's and is not counted.
		const carts = storedCarts( site ).filter(
			( cart ) => cart.key !== '1'
		);
		const withItems = carts.filter( ( cart ) => cart.item_count > 0 );
		const cents = carts.reduce(
			( sum, cart ) => sum + Math.round( Number( cart.total ) * 100 ),
			0
		);
		const source = ( name: string ) =>
			carts.filter( ( cart ) =>
				name === 'other'
					? ! [ 'cocart', 'woocommerce' ].includes( cart.source )
					: cart.source === name
			).length;

		await expect( figure( page, 'carts' ) ).toContainText(
			number( carts.length )
		);
		await expect( figure( page, 'with_items' ) ).toContainText(
			number( withItems.length )
		);
		await expect( figure( page, 'empty' ) ).toContainText(
			number( carts.length - withItems.length )
		);
		await expect( figure( page, 'value_total' ) ).toContainText(
			new Intl.NumberFormat( 'en-US', {
				style: 'currency',
				currency: 'GBP',
			} ).format( cents / 100 )
		);
		await expect( figure( page, 'source_cocart' ) ).toContainText(
			number( source( 'cocart' ) )
		);
		await expect( figure( page, 'source_woocommerce' ) ).toContainText(
			number( source( 'woocommerce' ) )
		);
		await expect( figure( page, 'source_other' ) ).toContainText(
			number( source( 'other' ) )
		);
		await expect(
			app( page ).getByRole( 'table', {
				name: 'Top products in carts, by quantity',
			} )
		).toBeVisible();

		// The trend: today's snapshot was taken when the scan finished.
		const chart = app( page ).getByRole( 'img', {
			name: 'Carts in session, last 30 days',
		} );
		await expect( chart ).toBeVisible();
		await expect( chart.locator( 'circle' ) ).toHaveCount( 1 );
		await expect(
			app( page ).getByText( /^Carts in session on 1 day from/ )
		).toBeVisible();

		// A number's card is a link: the Sessions tab, filtered to exactly those carts.
		const expired = (
			( await figure( page, 'expired' )
				.locator( '.cart-sessions-overview__value' )
				.textContent() ) ?? ''
		).replace( /,/g, '' );
		const listed = page.waitForResponse(
			( response ) =>
				response.url().includes( '/cart-sessions/v1/sessions' ) &&
				response.url().includes( 'status=expired' )
		);
		await figure( page, 'expired' ).getByRole( 'link' ).click();
		const response = await listed;
		expect( response.headers()[ 'x-wp-total' ] ).toBe( expired );
		const url = new URL( page.url() );
		expect( url.searchParams.get( 'tab' ) ).toBe( 'sessions' );
		expect( url.searchParams.get( 'status' ) ).toBe( 'expired' );
		await expect(
			app( page ).getByRole( 'tab', { name: 'Sessions' } )
		).toHaveAttribute( 'aria-selected', 'true' );
		const body = ( await response.json() ) as {
			items: Array< { status: string } >;
		};
		expect( body.items.length ).toBeGreaterThan( 0 );
		expect(
			body.items.every( ( item ) => item.status === 'expired' )
		).toBe( true );

		// "Export CSV" downloads exactly that filtered set.
		const [ download ] = await Promise.all( [
			page.waitForEvent( 'download' ),
			app( page ).getByRole( 'link', { name: 'Export CSV' } ).click(),
		] );
		expect( download.suggestedFilename() ).toMatch(
			/^cart-sessions-\d{4}-\d\d-\d\d\.csv$/
		);
		const csv = readFileSync( ( await download.path() ) as string, 'utf8' );
		const lines = csv
			.replace( /^\uFEFF/, '' )
			.trim()
			.split( '\n' );
		expect( lines[ 0 ] ).toContain( 'Cart key' );
		expect( lines.length - 1 ).toBe( Number( expired ) );
		expect(
			lines.slice( 1 ).every( ( line ) => line.includes( ',expired,' ) )
		).toBe( true );

		// Back returns to the Overview.
		await page.goBack();
		await expect(
			app( page ).getByRole( 'tab', { name: 'Overview' } )
		).toHaveAttribute( 'aria-selected', 'true' );
	} );

	for ( const width of [ 1280, 390 ] ) {
		test( `at ${ width } px, "Worth chasing" opens in one click from the Overview: the store's live carts with items and an email, highest value first`, async ( {
			page,
		}, testInfo ) => {
			test.setTimeout( 180_000 );
			const site = siteOf( testInfo.project.name );
			await saveKeyPair( page, createKey( site, 'read_write' ) );
			await page.setViewportSize( { width, height: 900 } );
			await page.goto( '/wp-admin/tools.php?page=cart-sessions' );
			await expect( app( page ).getByTestId( 'overview' ) ).toBeVisible( {
				timeout: 30_000,
			} );
			// The store was seeded again just now, behind the list this site may still hold from the test before:
			// Refresh asks the store, as a store manager would.
			const refreshed = page.waitForResponse(
				( response ) =>
					response.url().includes( '/cart-sessions/v1/stats' ) &&
					response.url().includes( 'refresh=1' )
			);
			await app( page )
				.getByRole( 'button', { name: 'Refresh' } )
				.click();
			await refreshed;
			await expect( app( page ).getByRole( 'progressbar' ) ).toHaveCount(
				0,
				{ timeout: 120_000 }
			);

			const now = Date.now() / 1000;
			const worth = storedCarts( site )
				.filter(
					( cart ) =>
						cart.expiry > now &&
						cart.item_count > 0 &&
						cart.email !== ''
				)
				.sort(
					( a, b ) =>
						Number( b.total ) - Number( a.total ) ||
						( a.key < b.key ? -1 : 1 )
				);
			expect( worth.length ).toBeGreaterThan( 0 );
			const cents = worth.reduce(
				( sum, cart ) => sum + Math.round( Number( cart.total ) * 100 ),
				0
			);
			const lead = app( page ).locator( '[data-figure="worth_chasing"]' );
			await expect( lead ).toContainText(
				new Intl.NumberFormat( 'en-US', {
					style: 'currency',
					currency: 'GBP',
				} ).format( cents / 100 )
			);

			const listed = page.waitForResponse(
				( response ) =>
					response.url().includes( '/cart-sessions/v1/sessions' ) &&
					response.url().includes( 'has_email=yes' )
			);
			// One click.
			await lead
				.getByRole( 'link', {
					name: `See the ${ number( worth.length ) } carts worth chasing`,
				} )
				.click();
			const response = await listed;
			expect( response.headers()[ 'x-wp-total' ] ).toBe(
				String( worth.length )
			);
			const body = ( await response.json() ) as {
				items: Array< { key: string } >;
			};
			expect( body.items.map( ( item ) => item.key ) ).toEqual(
				worth.slice( 0, 20 ).map( ( cart ) => cart.key )
			);
			await expect(
				app( page ).getByRole( 'link', { name: 'Worth chasing' } )
			).toHaveAttribute( 'aria-current', 'page' );
			// What the screen shows is that list, in that order.
			const keys = app( page ).locator( '.cart-sessions-customer__key' );
			await expect( keys.first() ).toHaveText( worth[ 0 ].key, {
				timeout: 30_000,
			} );
			expect( await keys.allInnerTexts() ).toEqual(
				worth.slice( 0, 20 ).map( ( cart ) => cart.key )
			);
		} );
	}
} );
