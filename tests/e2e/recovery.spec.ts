/**
 * Recovering abandoned carts, on both WordPress versions, with CoCart (the store double) on the same site as it is on
 * a store with the plugin installed: a guest cart's restore link, copied from the Sessions tab, opened in a fresh
 * browser (no cookies, not logged in) puts that cart on the store's cart page — an expired cart still in the table
 * too; a registered customer's cart has an explanation and no link; a deleted cart's link shows CoCart's "expired"
 * notice. And the numbers stay live: a cart added to the store appears on the Overview without a reload.
 */
import { test, expect } from '@wordpress/e2e-test-utils-playwright';
import type { Browser, Page } from '@playwright/test';
import { addCart, seedCarts, setInProcess, storedCarts } from './double';
import { siteOf, SUBSCRIBER } from './sites';
import { app } from './ui';

// Every cart (the tab opens on the live ones; some of these carts are expired).
const SESSIONS =
	'/wp-admin/tools.php?page=cart-sessions&tab=sessions&status=all';
const OVERVIEW = '/wp-admin/tools.php?page=cart-sessions&tab=overview';

/**
 * The Sessions tab searched for one key, the list asked afresh from the store (it may be cached).
 * @param page
 * @param key
 */
async function findCart( page: Page, key: string ) {
	await page.goto( `${ SESSIONS }&s=${ encodeURIComponent( key ) }` );
	const row = app( page ).locator( 'tbody tr', {
		has: page.locator( '.cart-sessions-customer__key', {
			hasText: new RegExp( `^${ key }$` ),
		} ),
	} );
	// A cart added a moment ago may not be in the cached list yet: ask the store.
	if ( ! ( await row.isVisible() ) ) {
		await app( page ).getByRole( 'button', { name: 'Refresh' } ).click();
	}
	await expect( row ).toBeVisible( { timeout: 30_000 } );
	return row;
}

async function openDetails( page: Page, key: string ) {
	const row = await findCart( page, key );
	await row.getByRole( 'button', { name: 'View details' } ).click();
	const panel = page.getByRole( 'dialog', { name: 'Cart' } );
	await expect( panel.getByTestId( 'cart-total' ) ).toBeVisible( {
		timeout: 30_000,
	} );
	return panel;
}

async function clipboard( page: Page ): Promise< string > {
	return page.evaluate( () => window.navigator.clipboard.readText() );
}

/**
 * Opens a link as a shopper would: a new browser context with no cookies.
 * @param browser
 * @param link
 */
async function asShopper( browser: Browser, link: string ) {
	const context = await browser.newContext( { storageState: undefined } );
	const shopper = await context.newPage();
	const response = await shopper.goto( link );
	expect( response?.status() ).toBe( 200 );
	return { shopper, context };
}

/**
 * The lines the store's cart page shows: product name => quantity.
 * @param shopper
 */
async function cartLines( shopper: Page ): Promise< Record< string, string > > {
	const rows = shopper.locator( 'tr.cart_item' );
	const lines: Record< string, string > = {};
	for ( const row of await rows.all() ) {
		lines[ await row.locator( '.product-name' ).innerText() ] = await row
			.locator( '.product-quantity' )
			.innerText();
	}
	return lines;
}

test.describe( 'Recovering carts', () => {
	let suffix = '';

	test.beforeEach( async ( { page }, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		setInProcess( site, true );
		seedCarts( site, 60, 18 );
		suffix = Date.now().toString( 16 );
		await page
			.context()
			.grantPermissions( [ 'clipboard-read', 'clipboard-write' ], {
				origin: site.baseURL,
			} );
	} );

	test( 'a guest cart’s copied restore link puts its items on the store’s cart page in a fresh browser', async ( {
		page,
		browser,
	}, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		const key = addCart( site, {
			key: `t_guest${ suffix }`,
			items: [ '16:2', '17:1' ],
			email: 'zoe@example.com',
			name: 'Zoë Müller',
		} );

		const row = await findCart( page, key );
		await row.getByRole( 'button', { name: 'Actions' } ).click();
		await page
			.getByRole( 'menuitem', { name: 'Copy restore link' } )
			.click();
		await expect(
			app( page ).getByText( 'Restore link copied.' )
		).toBeVisible();
		const link = await clipboard( page );
		expect( link ).toBe(
			`${ site.baseURL }/cart/?cocart-load-cart=${ key }&notify=true`
		);

		const { shopper, context } = await asShopper( browser, link );
		expect( await cartLines( shopper ) ).toEqual( {
			Beanie: '2',
			Belt: '1',
		} );
		await expect(
			shopper.getByText( /cart has been transferred over/ )
		).toBeVisible();
		await context.close();

		// The audit log says who copied the link.
		await page.goto( '/wp-admin/tools.php?page=cart-sessions&tab=cleanup' );
		const audit = app( page ).getByTestId( 'cleanup-audit' );
		await expect(
			audit.locator( 'tr', { hasText: key } ).first()
		).toContainText( 'Restore link copied' );
		await expect(
			audit.locator( 'tr', { hasText: key } ).first()
		).toContainText( 'admin' );
	} );

	test( 'an expired cart still in the table has a link, marked expired, that brings it back', async ( {
		page,
		browser,
	}, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		const key = addCart( site, {
			key: `t_expired${ suffix }`,
			items: [ '18:3' ],
			email: 'late@example.com',
			expiresIn: -2 * 86400,
		} );

		const panel = await openDetails( page, key );
		await expect(
			panel.getByText( /This cart has expired, but/ )
		).toBeVisible();
		const link = await panel.getByTestId( 'restore-link' ).inputValue();
		await panel
			.getByRole( 'button', { name: 'Copy restore link' } )
			.click();
		expect( await clipboard( page ) ).toBe( link );
		const mail = panel.getByRole( 'link', { name: 'Email the customer' } );
		expect(
			decodeURIComponent( ( await mail.getAttribute( 'href' ) ) ?? '' )
		).toContain( link );

		const { shopper, context } = await asShopper( browser, link );
		expect( await cartLines( shopper ) ).toEqual( { Cap: '3' } );
		await context.close();
		const stored = storedCarts( site ).find( ( cart ) => cart.key === key );
		expect( stored?.expiry ?? 0 ).toBeGreaterThan( Date.now() / 1000 ); // Active again.
	} );

	test( 'a registered customer’s cart shows why there is no link', async ( {
		page,
	}, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		const key = addCart( site, {
			user: SUBSCRIBER.username,
			items: [ '16:1' ],
			email: `${ SUBSCRIBER.username }@example.com`,
		} );

		const row = await findCart( page, key );
		await row.getByRole( 'button', { name: 'Actions' } ).click();
		await expect(
			page.getByRole( 'menuitem', { name: 'Delete' } )
		).toBeVisible();
		await expect(
			page.getByRole( 'menuitem', { name: 'Copy restore link' } )
		).toHaveCount( 0 );
		await page.keyboard.press( 'Escape' );

		const panel = await openDetails( page, key );
		await expect( panel.getByTestId( 'restore-note' ) ).toContainText(
			'can log in to see their cart'
		);
		await expect( panel.getByTestId( 'restore-link' ) ).toHaveCount( 0 );
		await expect(
			panel.getByRole( 'link', { name: 'Email the customer' } )
		).toHaveCount( 0 );
	} );

	test( 'a deleted cart’s link shows CoCart’s “expired” notice', async ( {
		page,
		browser,
	}, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		const key = addCart( site, {
			key: `t_deleted${ suffix }`,
			items: [ '17:1' ],
			email: 'gone@example.com',
		} );
		const panel = await openDetails( page, key );
		const link = await panel.getByTestId( 'restore-link' ).inputValue();
		await page.keyboard.press( 'Escape' );
		const row = await findCart( page, key );
		await row.getByRole( 'button', { name: 'Actions' } ).click();
		await page.getByRole( 'menuitem', { name: 'Delete' } ).click();
		await page
			.getByRole( 'dialog', { name: 'Delete carts' } )
			.getByRole( 'button', { name: /^Delete 1 cart/ } )
			.click();
		await expect(
			app( page ).getByText( '1 cart deleted.' )
		).toBeVisible();

		const { shopper, context } = await asShopper( browser, link );
		await expect(
			shopper.getByText( 'Sorry but this cart has expired!' )
		).toBeVisible();
		expect( await cartLines( shopper ) ).toEqual( {} );
		await context.close();
	} );

	test( 'a cart added to the store appears on the Overview without a reload', async ( {
		page,
	}, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		await page.clock.install();
		await page.goto( OVERVIEW );
		await expect( app( page ).getByTestId( 'overview' ) ).toBeVisible( {
			timeout: 30_000,
		} );
		await expect( app( page ).getByRole( 'progressbar' ) ).toHaveCount( 0, {
			timeout: 120_000,
		} );
		// The numbers as the store has them now (the first view may have come from a list cached a moment ago).
		await app( page ).getByRole( 'button', { name: 'Refresh' } ).click();
		const carts = storedCarts( site ).length;
		const figure = app( page ).locator( '[data-figure="carts"]' );
		await expect( figure ).toContainText( String( carts ), {
			timeout: 30_000,
		} );
		await expect( app( page ).getByTestId( 'live-status' ) ).toContainText(
			/Updated \d+ seconds? ago/
		);

		addCart( site, { key: `t_new${ suffix }`, items: [ '16:1' ] } );
		await page.clock.fastForward( '01:01' );

		await expect( figure ).toContainText( String( carts + 1 ), {
			timeout: 30_000,
		} );
	} );

	test( 'Update live on the Sessions tab keeps the page, the selection and the open cart', async ( {
		page,
	}, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		for ( let i = 0; i < 25; i++ ) {
			addCart( site, {
				key: `t_live${ suffix }${ String( i ).padStart( 2, '0' ) }`,
				items: [ '16:1' ],
				expiresIn: 86400 + i * 60,
			} );
		}
		await page.clock.install();
		await findCart( page, `t_live${ suffix }00` );
		await page.goto( `${ SESSIONS }&s=t_live${ suffix }` );
		await expect( app( page ).locator( 'tbody tr' ) ).toHaveCount( 20, {
			timeout: 30_000,
		} );
		await app( page ).getByLabel( 'Update live' ).check();
		await app( page ).getByRole( 'button', { name: 'Next page' } ).click();
		await expect( page ).toHaveURL( /paged=2/ );
		const rows = app( page ).locator( 'tbody tr' );
		await expect( rows ).toHaveCount( 5 );
		await rows.nth( 0 ).getByRole( 'checkbox' ).check();
		const openKey = await rows
			.nth( 1 )
			.locator( '.cart-sessions-customer__key' )
			.innerText();
		await rows
			.nth( 1 )
			.getByRole( 'button', { name: 'View details' } )
			.click();
		const panel = page.getByRole( 'dialog', { name: 'Cart' } );
		await expect( panel.getByTestId( 'cart-total' ) ).toBeVisible( {
			timeout: 30_000,
		} );

		// A new cart that expires last: first in the default order, so every row moves down one place.
		addCart( site, {
			key: `t_live${ suffix }99`,
			items: [ '17:1' ],
			expiresIn: 5 * 86400,
		} );
		await page.clock.fastForward( '01:01' );
		await expect( rows ).toHaveCount( 6, { timeout: 30_000 } );

		await expect( panel ).toBeVisible();
		await expect( panel ).toContainText( openKey ); // The same cart, still open.
		await expect( page ).toHaveURL( /paged=2/ );
		await page.keyboard.press( 'Escape' );
		await expect( rows.nth( 1 ).getByRole( 'checkbox' ) ).toBeChecked();
		await expect( app( page ).getByTestId( 'live-status' ) ).toBeVisible();
	} );
} );
