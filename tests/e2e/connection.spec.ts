/**
 * Connecting in the browser: a store manager pastes a key pair for the store (the double on this same site, over
 * plain HTTP, so OAuth 1.0a), saves it, and the connection doctor passes; a read-only key, a wrong secret and
 * buggy CoCart versions are each named with what they break. The secret never comes back to the browser.
 */
import { test, expect } from '@wordpress/e2e-test-utils-playwright';
import type { Page } from '@playwright/test';
import { createKey, resetDouble, seedCarts, setMode } from './double';
import { siteOf } from './sites';
import { app, saveKeyPair } from './ui';

/**
 * Runs the doctor; returns each check's status by id.
 * @param page
 */
async function runDoctor( page: Page ): Promise< Record< string, string > > {
	await page.getByRole( 'button', { name: 'Test connection' } ).click();
	await expect(
		page.locator( '.cart-sessions-doctor__summary' )
	).toBeVisible( { timeout: 30_000 } );
	// Every check, the passed ones too (collapsed under "Passed checks", as in Site Health).
	const rows = page.locator( '.cart-sessions-doctor__checks tbody tr' );
	const statuses: Record< string, string > = {};
	for ( const row of await rows.all() ) {
		statuses[ ( await row.getAttribute( 'data-check' ) ) ?? '' ] =
			( await row.getAttribute( 'data-status' ) ) ?? '';
	}
	return statuses;
}

test.describe( 'Connection', () => {
	test.beforeEach( ( {}, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		resetDouble( site );
		seedCarts( site, 20 );
	} );

	test( 'a pasted key pair is saved, never shown again, and every check passes', async ( {
		page,
	}, testInfo ) => {
		const pair = createKey( siteOf( testInfo.project.name ), 'read_write' );
		await saveKeyPair( page, pair );

		await expect( page.getByLabel( 'Consumer secret' ) ).toHaveValue( '' );
		await expect(
			app( page ).getByText( /Secret saved\. It is never shown again/ )
		).toBeVisible();
		await page.reload();
		await expect( page.getByLabel( 'Consumer key' ) ).toBeVisible();
		expect( await page.content() ).not.toContain( pair.consumer_secret );

		const statuses = await runDoctor( page );
		const failed = Object.entries( statuses ).filter(
			( [ , status ] ) => status === 'fail'
		);
		expect( failed ).toEqual( [] );
		expect( statuses.key ).toBe( 'pass' );
		expect( statuses.key_permission ).toBe( 'pass' );
		expect( statuses.cocart ).toBe( 'pass' );
		expect( await page.content() ).not.toContain( pair.consumer_secret );
	} );

	test( 'the debug log shows each request to the store, without credentials', async ( {
		page,
	}, testInfo ) => {
		const pair = createKey( siteOf( testInfo.project.name ), 'read_write' );
		await saveKeyPair( page, pair );
		await page
			.getByLabel( 'Keep a debug log of requests to the store' )
			.check();
		await page.getByRole( 'button', { name: 'Save settings' } ).click();
		await expect(
			app( page ).getByText( 'Settings saved.' )
		).toBeVisible();
		await runDoctor( page );

		await page
			.getByRole( 'button', { name: /Show the log|Reload the log/ } )
			.click();
		const rows = page.locator( '.cart-sessions-log tbody tr' );
		// Newest first; earlier specs may have logged deletes before this one turned the log on again.
		await expect(
			rows.filter( { hasText: /GET \/(cocart|wc)\// } ).first()
		).toBeVisible();
		expect( await rows.count() ).toBeGreaterThan( 3 );
		const html = await page.content();
		expect( html ).not.toContain( pair.consumer_secret );
		expect( html ).not.toContain( 'oauth_signature' );

		await page.getByRole( 'button', { name: 'Clear the log' } ).click();
		await expect(
			app( page ).getByText( 'The log is empty.' )
		).toBeVisible();
	} );

	test( 'with a read-only key the doctor says deleting will fail, and why', async ( {
		page,
	}, testInfo ) => {
		await saveKeyPair(
			page,
			createKey( siteOf( testInfo.project.name ), 'read' )
		);
		const statuses = await runDoctor( page );
		expect( statuses.key ).toBe( 'pass' );
		expect( [ 'fail', 'warn' ] ).toContain( statuses.key_permission );
		await expect(
			page.locator( 'tr[data-check="key_permission"]' )
		).toContainText( /read/i );
		await expect(
			page.locator( 'tr[data-check="key_permission"]' )
		).toContainText( /Read\/Write/ );
	} );

	test( 'with a wrong secret the doctor says the key was refused', async ( {
		page,
	}, testInfo ) => {
		const pair = createKey( siteOf( testInfo.project.name ), 'read_write' );
		await saveKeyPair( page, {
			consumer_key: pair.consumer_key,
			consumer_secret: 'cs_' + '0'.repeat( 40 ),
		} );
		const statuses = await runDoctor( page );
		expect( statuses.key ).toBe( 'fail' );
		await expect( page.locator( 'tr[data-check="key"]' ) ).toContainText(
			/secret/i
		);
	} );

	for ( const mode of [ '4.2.0', '4.7.0', '4.8.0' ] ) {
		test( `names CoCart ${ mode } and what it affects`, async ( {
			page,
		}, testInfo ) => {
			const site = siteOf( testInfo.project.name );
			await saveKeyPair( page, createKey( site, 'read_write' ) );
			setMode( site, mode );
			await runDoctor( page );
			await expect(
				page.locator( 'tr[data-check="version"]' )
			).toContainText( mode );
			await expect(
				page.locator( 'tr[data-check="version"]' )
			).toHaveAttribute( 'data-status', /warn|fail/ );
		} );
	}
} );
