/** Shared steps of the browser specs. */
import { expect } from '@wordpress/e2e-test-utils-playwright';
import type { Page } from '@playwright/test';
import type { KeyPair } from './double';

/**
 * The app (WordPress repeats notices in hidden live regions, which would double every text match).
 * @param page
 */
export const app = ( page: Page ) => page.getByTestId( 'cart-sessions-app' );

export async function openSettings( page: Page ) {
	await page.goto( '/wp-admin/tools.php?page=cart-sessions&tab=settings' );
	await expect( page.getByLabel( 'Consumer key' ) ).toBeVisible();
}

/**
 * Pastes a key pair in the Settings tab and saves it, as a store manager would.
 * @param page
 * @param pair
 */
export async function saveKeyPair( page: Page, pair: KeyPair ) {
	await openSettings( page );
	await page.getByLabel( 'Consumer key' ).fill( pair.consumer_key );
	await page.getByLabel( 'Consumer secret' ).fill( pair.consumer_secret );
	await page.getByRole( 'button', { name: 'Save settings' } ).click();
	await expect( app( page ).getByText( 'Settings saved.' ) ).toBeVisible();
}
