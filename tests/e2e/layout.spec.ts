/**
 * The screens as a store manager sees them on a phone (390 px wide) and a laptop (1280 px), on both WordPress
 * versions: nothing wider than the screen on any tab or in the cart panel at 390 px, where the Sessions tab is a
 * list of customer, value and expiry.
 */
import { test, expect } from '@wordpress/e2e-test-utils-playwright';
import type { Page } from '@playwright/test';
import { createKey, resetDouble, seedCarts } from './double';
import { siteOf } from './sites';
import { app, saveKeyPair } from './ui';

const PAGE = '/wp-admin/tools.php?page=cart-sessions';

/**
 * Elements of the page that stick out past the right edge of the screen, unless a box around them scrolls or
 * clips (a table that scrolls inside the panel is fine; one that widens the page is not).
 * @param page
 */
function overflowing( page: Page ): Promise< string[] > {
	return page.evaluate( () => {
		const width = document.documentElement.clientWidth;
		const clipped = ( element: Element ): boolean => {
			for (
				let parent = element.parentElement;
				parent && parent !== document.body;
				parent = parent.parentElement
			) {
				const { overflowX } = window.getComputedStyle( parent );
				if ( overflowX !== 'visible' ) {
					return parent.getBoundingClientRect().right <= width + 1;
				}
			}
			return false;
		};
		const out: string[] = [];
		if ( document.documentElement.scrollWidth > width ) {
			out.push( `page ${ document.documentElement.scrollWidth }px` );
		}
		document
			.querySelectorAll(
				'#cart-sessions-root *, .components-modal__frame *'
			)
			.forEach( ( element ) => {
				const box = element.getBoundingClientRect();
				if (
					box.width > 0 &&
					box.right > width + 1 &&
					! clipped( element )
				) {
					out.push(
						`${ element.tagName.toLowerCase() }.${ String(
							element.className
						).slice(
							0,
							60
						) } ends at ${ Math.round( box.right ) }px`
					);
				}
			} );
		return out.slice( 0, 10 );
	} );
}

test.describe( 'Layout', () => {
	test.beforeEach( async ( { page }, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		resetDouble( site );
		seedCarts( site, 60, 4 );
		await saveKeyPair( page, createKey( site, 'read_write' ) );
	} );

	test( 'at 390 px no tab and no cart panel is wider than the screen; Sessions is a list of customer, value and expiry', async ( {
		page,
	} ) => {
		test.setTimeout( 120_000 );
		// A cleanup run, so the Cleanup tab's run history and deleted carts have rows (their tables are the widest):
		// through the page's own apiFetch, as the Cleanup tab drives a run.
		await page.goto( `${ PAGE }&tab=cleanup` );
		await page.evaluate( async () => {
			const apiFetch = (
				window as unknown as {
					wp: {
						apiFetch: ( options: object ) => Promise< {
							run: { id: number; status: string };
						} >;
					};
				}
			 ).wp.apiFetch;
			let { run } = await apiFetch( {
				path: '/cart-sessions/v1/cleanup/run',
				method: 'POST',
				data: {
					rule: {
						expired_days: 1,
						empty_only: false,
						source: '',
						max_total: null,
						keep_with_email: false,
					},
					export: false,
				},
			} );
			while ( run.status === 'running' ) {
				( { run } = await apiFetch( {
					path: `/cart-sessions/v1/cleanup/runs/${ run.id }/step`,
					method: 'POST',
				} ) );
			}
		} );
		await page.setViewportSize( { width: 390, height: 844 } );
		for ( const tab of [ 'overview', 'sessions', 'cleanup', 'settings' ] ) {
			await test.step( tab, async () => {
				await page.goto( `${ PAGE }&tab=${ tab }` );
				await expect(
					app( page ).getByRole( 'tab', { selected: true } )
				).toBeVisible();
				await expect(
					app( page ).locator( '.components-spinner' )
				).toHaveCount( 0, { timeout: 60_000 } );
				if ( tab === 'sessions' ) {
					const first = app( page )
						.locator( '.dataviews-view-list' )
						.getByRole( 'row' )
						.first();
					await expect( first ).toBeVisible( { timeout: 30_000 } );
					await expect(
						first.locator( '.cart-sessions-customer' )
					).toBeVisible();
					await expect(
						first.locator( '.cart-sessions-status' )
					).toBeVisible();
					await expect( first ).toContainText( '£' );
				}
				expect( await overflowing( page ) ).toEqual( [] );
			} );
		}

		await test.step( 'cart panel', async () => {
			await page.goto( `${ PAGE }&tab=sessions&status=all` );
			const first = app( page )
				.locator( '.dataviews-view-list' )
				.getByRole( 'row' )
				.first();
			await expect( first ).toBeVisible( { timeout: 30_000 } );
			await first.click();
			const dialog = page.getByRole( 'dialog', { name: 'Cart' } );
			await expect( dialog ).toBeVisible();
			await expect( dialog.getByText( 'Copy as JSON' ) ).toBeVisible( {
				timeout: 30_000,
			} );
			// Full screen on a phone.
			const box = await page
				.locator( '.components-modal__frame' )
				.boundingBox();
			expect( Math.round( box?.width ?? 0 ) ).toBe( 390 );
			expect( await overflowing( page ) ).toEqual( [] );
		} );
	} );
} );
