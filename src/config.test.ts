import { getConfig } from './config';

describe( 'getConfig', () => {
	afterEach( () => {
		delete window.cartSessionsConfig;
	} );

	it( 'reads what the page printed', () => {
		window.cartSessionsConfig = {
			pageUrl:
				'http://example.test/wp-admin/admin.php?page=cart-sessions',
			restRoot: 'http://example.test/wp-json/',
			firstPage: null,
		};
		expect( getConfig() ).toEqual( window.cartSessionsConfig );
	} );

	it( 'falls back to safe defaults when the page printed nothing', () => {
		const config = getConfig();
		expect( config.restRoot ).toBe( '/wp-json/' );
		expect( config.pageUrl ).toBe( window.location.href );
		expect( config.firstPage ).toBeNull();
	} );
} );
