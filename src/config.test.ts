import { getConfig } from './config';

describe( 'getConfig', () => {
	afterEach( () => {
		delete window.cartSessionsConfig;
	} );

	it( 'reads what the page printed', () => {
		window.cartSessionsConfig = {
			version: '1.2.3',
			restNamespace: 'cart-sessions/v1',
			pageUrl:
				'http://example.test/wp-admin/admin.php?page=cart-sessions',
			restRoot: 'http://example.test/wp-json/',
			woocommerceActive: true,
		};
		expect( getConfig() ).toEqual( window.cartSessionsConfig );
	} );

	it( 'falls back to safe defaults when the page printed nothing', () => {
		const config = getConfig();
		expect( config.restNamespace ).toBe( 'cart-sessions/v1' );
		expect( config.woocommerceActive ).toBe( false );
		expect( config.pageUrl ).toBe( window.location.href );
	} );
} );
