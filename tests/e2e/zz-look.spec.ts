import { test } from '@wordpress/e2e-test-utils-playwright';

test( 'look', async ( { page } ) => {
	test.setTimeout( 120_000 );
	for ( const [ w, h ] of [
		[ 1280, 800 ],
		[ 390, 844 ],
	] ) {
		await page.setViewportSize( { width: w, height: h } );
		for ( const tab of [ 'overview', 'sessions', 'cleanup', 'settings' ] ) {
			await page.goto(
				`/wp-admin/tools.php?page=cart-sessions&tab=${ tab }`
			);
			await page.waitForTimeout( 4000 );
			await page.screenshot( {
				path: `artifacts/look/${ tab }-${ w }.png`,
				fullPage: tab !== 'sessions',
			} );
			const wide = await page.evaluate( () => {
				const vw = document.documentElement.clientWidth;
				const out: string[] = [];
				document
					.querySelectorAll( '#cart-sessions-root *' )
					.forEach( ( el ) => {
						const r = el.getBoundingClientRect();
						if ( r.right > vw + 1 && r.width > 0 ) {
							out.push(
								`${ el.tagName }.${ ( el.className || '' ).toString().slice( 0, 60 ) } ${ Math.round( r.right ) }`
							);
						}
					} );
				return [
					vw,
					document.documentElement.scrollWidth,
					out.slice( 0, 8 ),
				];
			} );
			console.log( tab, w, JSON.stringify( wide ) );
		}
	}
	await page.setViewportSize( { width: 1280, height: 800 } );
	await page.goto( '/wp-admin/tools.php?page=cart-sessions&tab=sessions' );
	await page.waitForTimeout( 3000 );
	await page.getByRole( 'button', { name: 'View details' } ).first().click();
	await page.waitForTimeout( 3000 );
	await page.screenshot( { path: 'artifacts/look/panel-1280.png' } );
} );
