/**
 * "Connect to a store" in the browser, over the local HTTPS fronts (WooCommerce posts a new key only to an HTTPS
 * callback): the admin site is the dev site's TLS address, the store is the same site's double over plain HTTP —
 * another origin, so the plugin treats it as a store elsewhere. The manager connects, approves on the double's
 * /wc-auth/v1 screen and comes back connected; denies and is told nothing was saved; a replayed or expired token,
 * a callback from another site and one with a field missing are refused with a 4xx and save nothing; "Replace this
 * key" switches only after the doctor passes and names the old key to revoke. The secret never reaches the page.
 */
import { test, expect } from '@wordpress/e2e-test-utils-playwright';
import type { APIRequestContext, Page } from '@playwright/test';
import {
	expireConnectTokens,
	query,
	resetSite,
	seedCarts,
	setFaults,
	storedCarts,
} from './double';
import { siteOf, type E2ESite } from './sites';
import { app } from './ui';

// The TLS fronts' certificate is self-signed.
test.use( { ignoreHTTPSErrors: true } );

const SETTINGS = '/wp-admin/tools.php?page=cart-sessions&tab=settings';
const CALLBACK = '/wp-json/cart-sessions/v1/connection/callback';

interface StoreKey {
	keyId: string;
	truncatedKey: string;
	consumerSecret: string;
	description: string;
	permissions: string;
}

/**
 * The keys in the store's key table, oldest first.
 * @param site
 */
function storeKeys( site: E2ESite ): StoreKey[] {
	return query(
		site,
		'SELECT key_id, truncated_key, consumer_secret, description, permissions FROM wp_woocommerce_api_keys ORDER BY key_id'
	).map(
		( [
			keyId,
			truncatedKey,
			consumerSecret,
			description,
			permissions,
		] ) => ( {
			keyId,
			truncatedKey,
			consumerSecret,
			description,
			permissions,
		} )
	);
}

/**
 * What the plugin has saved: its connection option (the secrets in it are encrypted).
 * @param site
 */
function savedConnection( site: E2ESite ): string {
	return (
		query(
			site,
			"SELECT option_value FROM wp_options WHERE option_name = 'cart_sessions_connection'"
		)[ 0 ]?.[ 0 ] ?? ''
	);
}

async function logInOverHttps( page: Page, site: E2ESite ) {
	await page.goto( site.httpsURL + '/wp-login.php' );
	await page.locator( '#user_login' ).fill( 'admin' );
	await page.locator( '#user_pass' ).fill( 'password' );
	await page.locator( '#wp-submit' ).click();
	await page.waitForURL( /wp-admin/ );
	await page.goto( site.httpsURL + SETTINGS );
	await expect(
		app( page ).getByRole( 'button', { name: 'Connect to a store' } )
	).toBeEnabled();
}

/**
 * Fills in the store and clicks Connect; on the store, logs in if asked; returns once the approve screen shows.
 * @param page
 * @param site
 */
async function connectToApproveScreen( page: Page, site: E2ESite ) {
	await page.getByLabel( 'Store address' ).fill( site.baseURL );
	await page.getByRole( 'button', { name: 'Connect to a store' } ).click();
	await page.waitForURL( /\/wc-auth\/v1\// );
	if ( await page.locator( 'form.wc-auth-login' ).isVisible() ) {
		await page.getByLabel( /Username or email address/ ).fill( 'admin' );
		await page.getByLabel( /^Password/ ).fill( 'password' );
		await page.getByRole( 'button', { name: 'Login' } ).click();
	}
	await expect(
		page.getByRole( 'heading', {
			name: 'Cart Sessions for CoCart would like to connect to your store',
		} )
	).toBeVisible();
	await expect(
		page.getByText( 'Read/Write', { exact: true } )
	).toBeVisible();
	return new URL( page.url() ).searchParams.get( 'user_id' ) ?? '';
}

async function approve( page: Page ) {
	await page.getByRole( 'link', { name: 'Approve' } ).click();
	await page.waitForURL( /page=cart-sessions/ );
}

/**
 * "Replace this key" on the status card, then Approve on the store (already logged in there).
 * @param page
 */
async function replaceAndApprove( page: Page ) {
	await app( page )
		.getByRole( 'button', { name: 'Replace this key' } )
		.click();
	await page.waitForURL( /\/wc-auth\/v1\// );
	await approve( page );
}

async function expectNoSecretOnPage( page: Page, site: E2ESite ) {
	const html = await page.content();
	for ( const key of storeKeys( site ) ) {
		expect( html ).not.toContain( key.consumerSecret );
		expect( savedConnection( site ) ).not.toContain( key.consumerSecret );
	}
}

/**
 * The store's POST to our callback, sent by the test instead (no login, no nonce).
 * @param request
 * @param site
 * @param body
 * @param userAgent
 */
function postCallback(
	request: APIRequestContext,
	site: E2ESite,
	body: Record< string, unknown >,
	userAgent = `WordPress/6.7; ${ site.baseURL }`
) {
	return request.post( site.httpsURL + CALLBACK, {
		data: body,
		headers: {
			'Content-Type': 'application/json;charset=UTF-8',
			'User-Agent': userAgent,
			Cookie: '',
		},
		ignoreHTTPSErrors: true,
	} );
}

const PAIR = {
	key_id: 1,
	consumer_key: 'ck_' + 'c0ffee01'.repeat( 5 ),
	consumer_secret: 'cs_' + '5ec7e701'.repeat( 5 ),
	key_permissions: 'read_write',
};

test.describe( 'Connect to a store', () => {
	test.beforeEach( ( {}, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		resetSite( site );
		seedCarts( site, 20 );
		query( site, 'TRUNCATE wp_woocommerce_api_keys' );
	} );

	test( 'connect, approve on the store, and come back connected with a read/write key', async ( {
		page,
	}, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		await logInOverHttps( page, site );
		await expect(
			app( page ).getByRole( 'heading', { name: 'Not connected' } )
		).toBeVisible();

		await connectToApproveScreen( page, site );
		await approve( page );

		await expect(
			app( page ).getByText(
				'Connected: the new key passed the connection doctor and is now in use.'
			)
		).toBeVisible( { timeout: 30_000 } );
		expect(
			new URL( page.url() ).searchParams.get( 'user_id' )
		).toBeNull();
		await expect(
			app( page ).getByRole( 'heading', { name: 'Connected' } )
		).toBeVisible();
		const [ key ] = storeKeys( site );
		expect( key.permissions ).toBe( 'read_write' );
		expect( key.description ).toMatch(
			/^Cart Sessions for CoCart - API \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\)$/
		);
		await expect(
			app( page ).locator( '.cart-sessions-status__facts' )
		).toContainText( /Read\/Write/ );
		await expect(
			app( page ).locator( '.cart-sessions-status__facts' )
		).toContainText( 'Cart Sessions for CoCart - API' );
		await expect(
			app( page ).locator( '.cart-sessions-doctor__summary' )
		).toContainText( 'none failed' );
		await expect(
			app( page ).locator( 'tr[data-check="key_permission"]' )
		).toHaveAttribute( 'data-status', 'pass' );
		await expectNoSecretOnPage( page, site );

		// The Sessions tab lists the store's carts with the new key.
		await page.goto(
			site.httpsURL +
				'/wp-admin/tools.php?page=cart-sessions&tab=sessions&status=all'
		);
		// The 20 seeded carts, and the key owner's own session row, which every request with the key writes.
		await expect(
			app( page ).getByText(
				new RegExp( `of ${ storedCarts( site ).length } carts?$`, 'i' )
			)
		).toBeVisible( { timeout: 30_000 } );
		await page.reload();
		await expectNoSecretOnPage( page, site );
	} );

	test( 'deny on the store: a clear message and nothing saved', async ( {
		page,
	}, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		await logInOverHttps( page, site );
		const before = savedConnection( site );
		await connectToApproveScreen( page, site );
		await page.getByRole( 'link', { name: 'Deny' } ).click();
		await page.waitForURL( /page=cart-sessions/ );
		await expect(
			app( page ).getByText(
				/access was denied .* on the store\. Nothing was saved/
			)
		).toBeVisible();
		await expect(
			app( page ).getByRole( 'heading', { name: 'Not connected' } )
		).toBeVisible();
		expect( storeKeys( site ) ).toEqual( [] );
		expect( savedConnection( site ) ).toBe( before );
	} );

	test( 'a replayed or expired token, a callback from another site or with a field missing: 4xx, nothing saved', async ( {
		page,
		request,
	}, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		await logInOverHttps( page, site );
		const before = savedConnection( site );

		// A field missing, then another site posting with the token: refused, and the token is burnt.
		let token = await connectToApproveScreen( page, site );
		expect( token ).toMatch( /^[0-9a-f]{64}$/ );
		const { consumer_secret: _omitted, ...missing } = PAIR;
		let answer = await postCallback( request, site, {
			...missing,
			user_id: token,
		} );
		expect( answer.status() ).toBe( 400 );
		answer = await postCallback(
			request,
			site,
			{ ...PAIR, user_id: token },
			'WordPress/6.7; https://attacker.example'
		);
		expect( answer.status() ).toBe( 400 );
		expect( await answer.text() ).not.toContain( PAIR.consumer_secret );
		// The store's own callback now finds the token used: WooCommerce deletes the key and shows its error.
		await page.getByRole( 'link', { name: 'Approve' } ).click();
		await expect(
			page.getByText(
				'Error: An error occurred in the request and at the time were unable to send the consumer data.'
			)
		).toBeVisible();
		expect( storeKeys( site ) ).toEqual( [] );
		await page.goto(
			`${ site.httpsURL }${ SETTINGS }&success=1&user_id=${ token }`
		);
		await expect(
			app( page ).getByText( /calls itself https:\/\/attacker\.example/ )
		).toBeVisible();

		// A replay of a callback that worked.
		await page.goto( site.httpsURL + SETTINGS );
		token = await connectToApproveScreen( page, site );
		await approve( page );
		await expect(
			app( page ).getByText( /Connected: the new key passed/ )
		).toBeVisible( { timeout: 30_000 } );
		const connected = savedConnection( site );
		answer = await postCallback( request, site, {
			...PAIR,
			user_id: token,
		} );
		expect( answer.status() ).toBe( 400 );
		expect( savedConnection( site ) ).toBe( connected );

		// An expired token: the store's callback is refused, and back on the tab the manager is told.
		await page.goto( site.httpsURL + SETTINGS );
		token = await connectToApproveScreen( page, site );
		expireConnectTokens( site );
		await page.getByRole( 'link', { name: 'Approve' } ).click();
		await expect(
			page.getByText( /unable to send the consumer data/ )
		).toBeVisible();
		expect( storeKeys( site ) ).toHaveLength( 1 );
		await page.goto(
			`${ site.httpsURL }${ SETTINGS }&success=1&user_id=${ token }`
		);
		await expect(
			app( page ).getByText( /has expired or was already used/ )
		).toBeVisible();
		expect( savedConnection( site ) ).toBe( connected );
		expect( connected ).not.toBe( before );
	} );

	test( 'Replace this key: the new key takes over only after the doctor passes, and the old one is named for revoking', async ( {
		page,
	}, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		await logInOverHttps( page, site );
		await connectToApproveScreen( page, site );
		await approve( page );
		await expect(
			app( page ).getByText( /Connected: the new key passed/ )
		).toBeVisible( {
			timeout: 30_000,
		} );
		const [ first ] = storeKeys( site );

		// A new key the doctor fails (the store errors on reading a cart): the first key stays in use.
		setFaults( site, { fault: '500', routes: [ 'single' ] } );
		await replaceAndApprove( page );
		await expect(
			app( page ).getByText(
				/did not pass the connection doctor, so it was not saved/
			)
		).toBeVisible( { timeout: 30_000 } );
		await expect(
			app( page ).locator( 'tr[data-check="key"]' )
		).toHaveAttribute( 'data-status', 'fail' );
		const unused = storeKeys( site )[ 1 ];
		await expect(
			app( page ).getByText(
				new RegExp(
					`The store made the key ending in ${ unused.truncatedKey }`
				)
			)
		).toBeVisible();
		await expect(
			app( page ).locator( '.cart-sessions-status__facts' )
		).toContainText( `ck_…${ first.truncatedKey.slice( -4 ) }` );
		setFaults( site, {} );

		// Now a good one: it takes over, and the manager is told where to revoke the first.
		await replaceAndApprove( page );
		await expect(
			app( page ).getByText( /Connected: the new key passed/ )
		).toBeVisible( {
			timeout: 30_000,
		} );
		await expect(
			app( page ).getByText(
				new RegExp(
					`Now revoke the old key on the store, the key ending in ${ first.truncatedKey }`
				)
			)
		).toBeVisible();
		await expect(
			app( page ).getByRole( 'link', {
				name: /Open the store’s REST API keys/,
			} )
		).toHaveAttribute(
			'href',
			new RegExp( `section=keys&edit-key=${ first.keyId }$` )
		);
		const latest = storeKeys( site ).pop() as StoreKey;
		await expect(
			app( page ).locator( '.cart-sessions-status__facts' )
		).toContainText( `ck_…${ latest.truncatedKey.slice( -4 ) }` );
		await expectNoSecretOnPage( page, site );
	} );
} );
