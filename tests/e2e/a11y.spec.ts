/**
 * Accessibility of the whole screen, on both WordPress versions:
 * - axe (WCAG 2.x A/AA rules) finds no serious or critical violation on any tab, nor in the cart detail panel;
 * - a keyboard alone goes list → detail → delete → confirm, and the cart is gone from the store;
 * - focus lands on the table's first row after paging and after a delete (not on <body>);
 * - a cart's status is said in words, not by colour alone.
 * Tabs are found from the tab list itself, so tabs added later are checked too.
 */
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from '@wordpress/e2e-test-utils-playwright';
import type { Locator, Page } from '@playwright/test';
import {
	createKey,
	resetDouble,
	seedCarts,
	storedCarts,
	type KeyPair,
} from './double';
import { siteOf } from './sites';
import { app, saveKeyPair } from './ui';

const PAGE = '/wp-admin/tools.php?page=cart-sessions';

/**
 * Serious and critical axe violations inside the given parts of the page (the app, and any open modal, which
 * WordPress renders outside the app's root), as "rule: target" lines.
 * @param page
 * @param selectors
 */
async function violations(
	page: Page,
	selectors: string[] = [ '#cart-sessions-root' ]
): Promise< string[] > {
	let builder = new AxeBuilder( { page } ).withTags( [
		'wcag2a',
		'wcag2aa',
		'wcag21a',
		'wcag21aa',
		'wcag22aa',
	] );
	for ( const selector of selectors ) {
		builder = builder.include( selector );
	}
	const { violations: found } = await builder.analyze();
	return found
		.filter( ( v ) => v.impact === 'serious' || v.impact === 'critical' )
		.flatMap( ( v ) =>
			v.nodes.map(
				( node ) =>
					`${ v.id } (${ v.impact }): ${ node.target.join( ' ' ) } — ${ v.help }`
			)
		);
}

/**
 * Presses Tab until `target` has focus (keyboard only); fails after `max` presses.
 * @param page
 * @param target
 * @param max
 */
async function tabTo( page: Page, target: Locator, max = 80 ) {
	for ( let i = 0; i < max; i++ ) {
		if (
			await target.evaluate(
				( el ) => el === el.ownerDocument.activeElement
			)
		) {
			return;
		}
		await page.keyboard.press( 'Tab' );
	}
	throw new Error( `Tab never reached ${ target }` );
}

/**
 * Where focus is: the focused element's tag, role, label and row index in the sessions table.
 * @param page
 */
function focusInfo( page: Page ) {
	return page.evaluate( () => {
		const el = window.document.body.ownerDocument
			.activeElement as HTMLElement | null;
		const row = el?.closest( 'tbody tr' );
		return {
			tag: el?.tagName.toLowerCase() ?? '',
			inTable: !! el?.closest( 'table' ),
			rowIndex: row
				? Array.from( row.parentElement?.children ?? [] ).indexOf( row )
				: -1,
			heading: !! el?.matches( 'h1, h2, h3, [role="heading"]' ),
		};
	} );
}

const rows = ( page: Page ) => app( page ).locator( 'tbody tr' );

test.describe( 'Accessibility', () => {
	// Many steps against a store that answers in ~60 ms a request, on a shared machine.
	test.describe.configure( { timeout: 150_000 } );
	let pair: KeyPair;

	test.beforeEach( async ( { page }, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		resetDouble( site );
		seedCarts( site, 30 );
		pair = createKey( site, 'read_write' );
		await saveKeyPair( page, pair );
	} );

	test( 'every tab and the cart detail panel have no serious or critical axe violation', async ( {
		page,
	} ) => {
		await page.goto( PAGE );
		const tabs = await app( page ).getByRole( 'tab' ).allTextContents();
		expect( tabs.length ).toBeGreaterThanOrEqual( 4 );
		const found: Record< string, string[] > = {};
		for ( const name of tabs ) {
			await app( page ).getByRole( 'tab', { name } ).click();
			await expect(
				app( page ).getByRole( 'tab', { name } )
			).toHaveAttribute( 'aria-selected', 'true' );
			// Wait for the tab to settle: no spinner, and for Sessions, its rows.
			if ( name === 'Sessions' ) {
				await expect( rows( page ).first() ).toBeVisible( {
					timeout: 30_000,
				} );
			}
			await expect(
				app( page ).locator( '.components-spinner' )
			).toHaveCount( 0, { timeout: 30_000 } );
			found[ name ] = await violations( page );
		}

		await app( page ).getByRole( 'tab', { name: 'Sessions' } ).click();
		await rows( page )
			.first()
			.getByRole( 'button', { name: 'View details' } )
			.click();
		const dialog = page.getByRole( 'dialog' );
		await expect( dialog.getByText( 'Copy as JSON' ) ).toBeVisible( {
			timeout: 30_000,
		} );
		found[ 'detail panel' ] = await violations( page, [
			'.components-modal__frame',
		] );

		expect( found ).toEqual(
			Object.fromEntries(
				Object.keys( found ).map( ( name ) => [ name, [] ] )
			)
		);
	} );

	test( 'keyboard only: list → detail → delete → confirm, with focus on the table afterwards', async ( {
		page,
	}, testInfo ) => {
		const site = siteOf( testInfo.project.name );
		await page.goto( `${ PAGE }&tab=sessions&status=all` );
		await expect( rows( page ).first() ).toBeVisible( { timeout: 30_000 } );
		// The key owner's own cart is listed too (saving the key was an authenticated request) but cannot be
		// deleted; walk the first customer's cart.
		const customerRows = rows( page ).filter( {
			hasNot: page.locator( '.cart-sessions-key__owner' ),
		} );
		const firstRow = customerRows.first();
		const firstIndex = await firstRow.evaluate( ( row ) =>
			Array.from( row.parentElement?.children ?? [] ).indexOf( row )
		);
		const firstKey = ( await firstRow
			.locator( '.cart-sessions-customer__key' )
			.textContent() ) as string;
		expect( storedCarts( site ).map( ( cart ) => cart.key ) ).toContain(
			firstKey
		);

		// The detail panel, by keyboard; Escape closes it and focus comes back to the row.
		const view = firstRow.getByRole( 'button', { name: 'View details' } );
		await tabTo( page, view );
		await page.keyboard.press( 'Enter' );
		const dialog = page.getByRole( 'dialog' );
		await expect( dialog ).toBeVisible();
		await expect( dialog.getByText( 'Copy as JSON' ) ).toBeVisible( {
			timeout: 30_000,
		} );
		await page.keyboard.press( 'Escape' );
		await expect( dialog ).toHaveCount( 0 );
		expect( ( await focusInfo( page ) ).rowIndex ).toBe( firstIndex );

		// The row's actions menu → Delete → the confirmation → Delete 1 cart.
		await tabTo(
			page,
			firstRow.getByRole( 'button', { name: 'Actions' } )
		);
		await page.keyboard.press( 'Enter' );
		const deleteItem = page.getByRole( 'menuitem', { name: 'Delete' } );
		await expect( deleteItem ).toBeVisible();
		for (
			let i = 0;
			i < 5 &&
			! ( await deleteItem.evaluate(
				( el ) =>
					el === el.ownerDocument.activeElement ||
					el.contains( el.ownerDocument.activeElement )
			) );
			i++
		) {
			await page.keyboard.press( 'ArrowDown' );
		}
		await page.keyboard.press( 'Enter' );
		const confirm = page.getByRole( 'dialog', { name: 'Delete carts' } );
		await expect( confirm ).toBeVisible();
		await tabTo(
			page,
			confirm.getByRole( 'button', { name: 'Delete 1 cart' } ),
			10
		);
		await page.keyboard.press( 'Enter' );
		await expect( confirm.getByRole( 'status' ) ).toHaveText(
			'Deleted: 1. Already gone: 0. Failed: 0.',
			{ timeout: 30_000 }
		);
		await tabTo(
			page,
			confirm.getByRole( 'button', { name: 'Close' } ).last(),
			10
		);
		await page.keyboard.press( 'Enter' );
		await expect( confirm ).toHaveCount( 0 );

		expect( storedCarts( site ).map( ( cart ) => cart.key ) ).not.toContain(
			firstKey
		);
		// Focus is back in the table (the deleted row's menu button is gone), on the first row.
		await expect( app( page ).locator( 'tbody' ) ).not.toContainText(
			firstKey
		);
		await expect
			.poll( async () => ( await focusInfo( page ) ).rowIndex, {
				timeout: 30_000,
			} )
			.toBe( 0 );
	} );

	test( 'after paging, focus moves to the first row of the new page', async ( {
		page,
	} ) => {
		await page.goto( `${ PAGE }&tab=sessions&status=all` );
		await expect( rows( page ).first() ).toBeVisible( { timeout: 30_000 } );
		const firstOfPage1 = await rows( page ).first().textContent();
		// Straight to the button (Tab would pass every row's controls first), then the keyboard.
		await app( page ).getByRole( 'button', { name: 'Next page' } ).focus();
		await page.keyboard.press( 'Enter' );
		await expect( page ).toHaveURL( /[?&]paged=2/ );
		await expect( rows( page ).first() ).not.toHaveText(
			firstOfPage1 ?? '',
			{ timeout: 30_000 }
		);
		await expect
			.poll( async () => ( await focusInfo( page ) ).rowIndex, {
				timeout: 30_000,
			} )
			.toBe( 0 );
	} );

	test( 'a status is said in words, not by colour alone', async ( {
		page,
	}, testInfo ) => {
		await page.goto( `${ PAGE }&tab=sessions&status=all&per_page=50` );
		// The 30 seeded carts, and the key owner's own (saving the key was an authenticated request to CoCart).
		const stored = storedCarts( siteOf( testInfo.project.name ) ).length;
		expect( stored ).toBeGreaterThanOrEqual( 30 );
		await expect( rows( page ) ).toHaveCount( stored, { timeout: 30_000 } );
		const badges = app( page ).locator( '.cart-sessions-status' );
		await expect( badges ).toHaveCount( stored );
		const words = new Set(
			( await badges.allTextContents() ).map( ( text ) =>
				text.replace( /[●◐○]/g, '' ).trim()
			)
		);
		expect( [ ...words ].length ).toBeGreaterThanOrEqual( 2 );
		for ( const word of words ) {
			expect( [ 'Active', 'Expiring', 'Expired' ] ).toContain( word );
		}
	} );
} );
